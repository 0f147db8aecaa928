package io.credyt.autoconfigure.portal;

import java.util.List;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/**
 * Lets the portal, the test checkout and the Stripe webhook through every security filter chain
 * Spring Security builds, applied before the application's own rules (so ahead of its
 * {@code anyRequest()}): the portal link is the portal's credential, the checkout is a payment
 * page, and Stripe signs its webhooks. Only the webhook is exempt from CSRF protection; the
 * portal's and the checkout's forms carry the CSRF token.
 * <p>
 * A chain that never configures {@code authorizeHttpRequests} itself denies every other request
 * once this rule is added (Spring Security denies what no rule matches); such an application
 * sets {@code credyt.portal.security.enabled=false} and permits the paths itself.
 */
public final class PortalSecurityCustomizer implements Customizer<HttpSecurity> {

	private final List<String> permitted;

	private final List<String> csrfExempt;

	/**
	 * Creates the customizer.
	 * @param permitted the path patterns anyone may request
	 * @param csrfExempt the path patterns exempt from CSRF protection
	 */
	public PortalSecurityCustomizer(List<String> permitted, List<String> csrfExempt) {
		this.permitted = List.copyOf(permitted);
		this.csrfExempt = List.copyOf(csrfExempt);
	}

	@Override
	public void customize(HttpSecurity http) {
		if (!this.permitted.isEmpty()) {
			http.authorizeHttpRequests(
					(requests) -> requests.requestMatchers(this.permitted.toArray(String[]::new)).permitAll());
		}
		if (!this.csrfExempt.isEmpty()) {
			http.csrf((csrf) -> csrf.ignoringRequestMatchers(this.csrfExempt.toArray(String[]::new)));
		}
	}

	/** @return the path patterns anyone may request */
	public List<String> permitted() {
		return this.permitted;
	}

	/** @return the path patterns exempt from CSRF protection */
	public List<String> csrfExempt() {
		return this.csrfExempt;
	}

}
