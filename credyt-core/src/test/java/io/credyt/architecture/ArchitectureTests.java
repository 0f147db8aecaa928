package io.credyt.architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's shape: packages depend on one another in one direction only, and no class grows
 * into one that does everything.
 */
class ArchitectureTests {

	private static final int MAX_LINES = 600;

	@Test
	void packagesOfTheCoreHaveNoImportCycles() {
		JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("io.credyt");
		slices().matching("io.credyt.(*)..").should().beFreeOfCycles().check(classes);
	}

	@Test
	void thePlannerDoesNotTouchTheDatabase() {
		JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("io.credyt.engine");
		com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
			.that()
			.resideInAPackage("io.credyt.engine..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("java.sql..", "javax.sql..", "org.springframework.jdbc..", "io.credyt.jdbc..")
			.check(classes);
	}

	@Test
	void noMainClassIsLongerThanSixHundredLines() throws IOException {
		Path sources = Path.of("src/main/java");
		assertThat(sources).isDirectory();
		try (Stream<Path> files = Files.walk(sources)) {
			List<String> tooLong = files.filter((file) -> file.toString().endsWith(".java")).filter((file) -> {
				try {
					return Files.readAllLines(file).size() > MAX_LINES;
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			}).map(Path::toString).toList();
			assertThat(tooLong).as("classes over %d lines", MAX_LINES).isEmpty();
		}
	}

}
