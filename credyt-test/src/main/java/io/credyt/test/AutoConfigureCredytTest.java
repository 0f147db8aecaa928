package io.credyt.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Adds the {@link CredytTest} bean to a test's application context, next to
 * {@code @SpringBootTest} or a test slice:
 * <pre>{@code
 * @SpringBootTest(properties = "credyt.payments.test-mode.enabled=true")
 * @AutoConfigureMockMvc
 * @AutoConfigureCredytTest
 * class BillingTests {
 *
 *     @Autowired CredytTest credyt;
 *
 * }
 * }</pre>
 * The auto-configurations it imports are listed in
 * {@code META-INF/spring/io.credyt.test.AutoConfigureCredytTest.imports}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureCredytTest {

}
