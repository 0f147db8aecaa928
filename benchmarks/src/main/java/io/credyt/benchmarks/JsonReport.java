package io.credyt.benchmarks;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The results as JSON: {@code {"machine": {…}, "settings": {…}, "rows": [{…}]}}. An invalid row
 * carries {@code null} figures and its problem.
 */
final class JsonReport {

	private JsonReport() {
	}

	static String render(Report report) {
		Machine machine = report.machine();
		StringBuilder json = new StringBuilder("{\n  \"machine\": {");
		json.append("\"cores\": ").append(machine.cores());
		json.append(", \"memory_bytes\": ").append(machine.memoryBytes());
		json.append(", \"cpu\": ").append(string(machine.cpu()));
		json.append(", \"os\": ").append(string(machine.os()));
		json.append(", \"java\": ").append(string(machine.java()));
		json.append(", \"postgres\": ").append(string(machine.postgres()));
		json.append(", \"postgres_settings\": {");
		Iterator<Map.Entry<String, String>> settings = machine.postgresSettings().entrySet().stream()
			.sorted(Map.Entry.comparingByKey())
			.iterator();
		while (settings.hasNext()) {
			Map.Entry<String, String> setting = settings.next();
			json.append(string(setting.getKey())).append(": ").append(string(setting.getValue()));
			if (settings.hasNext()) {
				json.append(", ");
			}
		}
		json.append("}, \"credyt_group_commit\": ").append(string(machine.groupCommit())).append("},\n");
		json.append("  \"settings\": {\"warmup_s\": ").append(report.settings().warmup().toMillis() / 1000.0)
			.append(", \"measure_s\": ").append(report.settings().measure().toMillis() / 1000.0).append("},\n");
		json.append("  \"rows\": [");
		for (int i = 0; i < report.rows().size(); i++) {
			Row row = report.rows().get(i);
			json.append((i == 0) ? "\n" : ",\n");
			json.append("    {\"scenario\": ").append(string(row.scenario()));
			json.append(", \"contestant\": ").append(string(row.contestant()));
			json.append(", \"threads\": ").append(row.threads());
			json.append(", \"wallets\": ").append(row.wallets());
			json.append(", \"operations\": ").append(row.valid() ? Long.toString(row.operations()) : "null");
			json.append(", \"ops_per_s\": ").append(row.valid() ? number(row.opsPerSecond()) : "null");
			json.append(", \"p50_us\": ").append(row.valid() ? number(row.p50Micros()) : "null");
			json.append(", \"p99_us\": ").append(row.valid() ? number(row.p99Micros()) : "null");
			json.append(", \"ratio_to_floor\": ").append((row.ratioToFloor() != null) ? number(row.ratioToFloor()) : "null");
			json.append(", \"valid\": ").append(row.valid());
			json.append(", \"problem\": ").append(string(row.problem())).append('}');
		}
		json.append("\n  ]\n}\n");
		return json.toString();
	}

	private static String number(double value) {
		return String.format(Locale.ROOT, "%.3f", value);
	}

	private static String string(@Nullable String value) {
		if (value == null) {
			return "null";
		}
		StringBuilder quoted = new StringBuilder("\"");
		for (char c : value.toCharArray()) {
			switch (c) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				case '\n' -> quoted.append("\\n");
				case '\r' -> quoted.append("\\r");
				case '\t' -> quoted.append("\\t");
				default -> {
					if (c < 0x20) {
						quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
					}
					else {
						quoted.append(c);
					}
				}
			}
		}
		return quoted.append('"').toString();
	}

}
