package io.credyt.autoconfigure.portal;

import java.math.BigDecimal;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

import io.credyt.autoconfigure.CredytAutoConfigurations;
import io.credyt.autoconfigure.admin.CredytReportsAutoConfiguration;
import io.credyt.autoconfigure.payment.CredytPaymentsAutoConfiguration;
import io.credyt.ledger.Ledger;

/**
 * What the portal tests start: a Spring MVC application with Thymeleaf, Credyt's
 * auto-configurations (payments through the test payment provider, since no Stripe key is set,
 * auto top-up and the reports) on an in-memory H2 database, and the test catalog (an image at $0.25, $0.40 in HD, two free images at sign-up).
 */
final class Portals {

	private Portals() {
	}

	static WebApplicationContextRunner runner() {
		return minimal()
			.withConfiguration(
					AutoConfigurations.of(CredytPaymentsAutoConfiguration.class, CredytReportsAutoConfiguration.class))
			.withPropertyValues("credyt.payments.test-mode.enabled=true");
	}

	/**
	 * The application with none of the portal's optional services: no top-ups, no payment store,
	 * no auto top-up, no reports.
	 * @return the runner
	 */
	static WebApplicationContextRunner minimal() {
		return new WebApplicationContextRunner().withConfiguration(CredytAutoConfigurations.dataSource())
			.withConfiguration(CredytAutoConfigurations.credyt())
			.withConfiguration(AutoConfigurations.of(CredytPortalAutoConfiguration.class,
					JacksonAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
					WebMvcAutoConfiguration.class, ThymeleafAutoConfiguration.class))
			.withInitializer(CredytAutoConfigurations.catalog());
	}

	/**
	 * A link that opens the portal for a customer.
	 * @param context the application
	 * @param customer the customer
	 * @return the link
	 */
	static String link(ApplicationContext context, String customer) {
		return context.getBean(PortalLinks.class).create(customer);
	}

	/**
	 * What a customer can spend now in dollars.
	 * @param context the application
	 * @param customer the customer
	 * @return the available balance
	 */
	static BigDecimal dollars(ApplicationContext context, String customer) {
		return context.getBean(Ledger.class).balance(customer).available("USD");
	}

	/**
	 * Signs a user in, the way Spring Security's filters would for the request's thread.
	 * @param name the user name, which is the customer's external id
	 */
	static void signIn(String name) {
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(name, "secret",
					AuthorityUtils.createAuthorityList("ROLE_USER")));
	}

}
