package io.credyt.test;

import org.springframework.test.context.TestPropertySource;

/**
 * The kit on an in-memory H2 database of its own.
 */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:kit-${random.uuid};DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000")
class H2CredytTestKitBehaviourTests extends CredytTestKitBehaviourTests {

}
