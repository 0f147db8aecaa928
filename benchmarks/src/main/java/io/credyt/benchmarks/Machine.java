package io.credyt.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.credyt.jdbc.LedgerOptions;

/**
 * The machine, JVM and database server a run measured on.
 *
 * @param cores processors available to the JVM
 * @param memoryBytes the machine's physical memory
 * @param cpu the processor model, when the OS tells
 * @param os name, version and architecture
 * @param java the JVM's vendor, name and version
 * @param postgres the server's version
 * @param postgresSettings the server settings that decide how fast a commit is
 * @param groupCommit the Credyt ledgers' group commit options, as measured
 */
public record Machine(int cores, long memoryBytes, String cpu, String os, String java, String postgres,
		Map<String, String> postgresSettings, String groupCommit) {

	/**
	 * Describes this machine and JVM, with what the server reported.
	 * @param postgres the server's version
	 * @param postgresSettings its settings
	 * @return the description
	 */
	static Machine describe(String postgres, Map<String, String> postgresSettings,
			LedgerOptions.GroupCommit groupCommit) {
		long memory = (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)
				? os.getTotalMemorySize() : -1;
		String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
				+ System.getProperty("os.arch");
		String java = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
				+ System.getProperty("java.runtime.version");
		return new Machine(Runtime.getRuntime().availableProcessors(), memory, cpuModel(), os, java, postgres,
				Map.copyOf(postgresSettings),
				groupCommit.enabled()
						? "on, batches of up to " + groupCommit.maxBatch() + " in " + groupCommit.lanes() + " lanes" : "off");
	}

	private static String cpuModel() {
		try {
			return Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse("unknown");
		}
		catch (IOException | RuntimeException ex) {
			return "unknown";
		}
	}

}
