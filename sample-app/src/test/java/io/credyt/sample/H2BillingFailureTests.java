package io.credyt.sample;

import org.springframework.test.context.TestPropertySource;

/**
 * The dropped commit on the app's default database: in-memory H2 (one of its own).
 */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:billing-failure-${random.uuid};DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000")
class H2BillingFailureTests extends BillingFailureTests {

}
