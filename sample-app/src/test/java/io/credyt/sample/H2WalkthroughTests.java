package io.credyt.sample;

import org.springframework.test.context.TestPropertySource;

/**
 * The walkthrough on the app's default database: in-memory H2 (one of its own).
 */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:walkthrough-${random.uuid};DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000")
class H2WalkthroughTests extends WalkthroughTests {

	@Override
	String expectedDatabase() {
		return "H2";
	}

}
