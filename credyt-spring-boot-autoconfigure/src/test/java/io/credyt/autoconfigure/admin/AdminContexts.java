package io.credyt.autoconfigure.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import io.credyt.autoconfigure.CredytAutoConfigurations;
import io.credyt.autoconfigure.jdbc.CredytAdjustmentsAutoConfiguration;
import io.credyt.autoconfigure.payment.CredytPaymentsAutoConfiguration;
import io.credyt.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;

/**
 * What the dashboard's tests start: a web application with Credyt (ledger, payments through the
 * test provider, reports, dashboard), Spring MVC, Thymeleaf and Spring Security, a clock the test
 * moves, and the application's own security chain: form login, every request signed in.
 */
final class AdminContexts {

	/** Where every test's clock starts: the middle of a month. */
	static final Instant START = Instant.parse("2025-03-15T12:00:00Z");

	private AdminContexts() {
	}

	static WebApplicationContextRunner withoutSecurityChain() {
		return withoutPayments().withConfiguration(AutoConfigurations.of(CredytPaymentsAutoConfiguration.class))
			.withPropertyValues("credyt.payments.test-mode.enabled=true");
	}

	static WebApplicationContextRunner runner() {
		return withoutSecurityChain().withUserConfiguration(FormLoginApplication.class);
	}

	/**
	 * An application that takes no payments (no payment store, no auto top-up), without the
	 * application's security chain.
	 * @return the runner
	 */
	static WebApplicationContextRunner withoutPayments() {
		return new WebApplicationContextRunner().withConfiguration(CredytAutoConfigurations.dataSource())
			.withConfiguration(CredytAutoConfigurations.credyt())
			.withConfiguration(AutoConfigurations.of(CredytReportsAutoConfiguration.class,
					CredytAdjustmentsAutoConfiguration.class, CredytAdminAutoConfiguration.class, JacksonAutoConfiguration.class,
					HttpMessageConvertersAutoConfiguration.class, WebMvcAutoConfiguration.class,
					ThymeleafAutoConfiguration.class, SecurityAutoConfiguration.class,
					ServletWebSecurityAutoConfiguration.class))
			.withInitializer(CredytAutoConfigurations.catalog())
			.withUserConfiguration(TestClock.class);
	}

	/**
	 * MockMvc through the application's security filter chains.
	 * @param context the context
	 * @return the client
	 */
	static MockMvc mvc(AssertableWebApplicationContext context) {
		return MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
	}

	/**
	 * The HTML of the element with the given id, up to its end tag (not counting nested elements
	 * of the same name, which the dashboard's pages do not have).
	 * @param body the page
	 * @param id the element's id
	 * @return the element's HTML
	 */
	static String element(String body, String id) {
		int idAt = body.indexOf("id=\"" + id + "\"");
		assertThat(idAt).as("an element with id '%s' in the page", id).isNotNegative();
		int start = body.lastIndexOf('<', idAt);
		String tag = body.substring(start + 1, body.indexOf(' ', start));
		if (tag.equals("input")) {
			return body.substring(start, body.indexOf('>', idAt) + 1);
		}
		int end = body.indexOf("</" + tag + ">", idAt);
		return body.substring(start, end + tag.length() + 3);
	}

	/**
	 * The rows of a table's body, in order.
	 * @param table the table's HTML
	 * @return each row's HTML
	 */
	static List<String> rows(String table) {
		String body = table.substring(table.indexOf("<tbody>"), table.indexOf("</tbody>"));
		List<String> rows = new ArrayList<>();
		for (int at = body.indexOf("<tr"); at >= 0; at = body.indexOf("<tr", at + 1)) {
			rows.add(body.substring(at, body.indexOf("</tr>", at)));
		}
		return rows;
	}

	@Configuration(proxyBeanMethods = false)
	static class TestClock {

		@Bean
		MutableClock clock() {
			return new MutableClock(START);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FormLoginApplication {

		@Bean
		SecurityFilterChain applicationChain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.formLogin(Customizer.withDefaults());
			return http.build();
		}

	}

}
