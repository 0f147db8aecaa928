package io.credyt.autoconfigure.portal;

import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;

import io.credyt.annotation.CustomerResolver;

/**
 * The portal session: the customer a valid portal link was opened for, kept in the HTTP session.
 * When the application knows who is signed in (its {@link CustomerResolver}, the signed-in
 * principal with Spring Security), that user must be the portal session's customer.
 */
final class PortalSessions {

	static final String CUSTOMER_ATTRIBUTE = PortalSessions.class.getName() + ".customer";

	private final ObjectProvider<CustomerResolver> customerResolver;

	PortalSessions(ObjectProvider<CustomerResolver> customerResolver) {
		this.customerResolver = customerResolver;
	}

	/**
	 * Opens the portal for the customer of a verified link: a new session id (so a session id
	 * planted before cannot ride along), holding the customer.
	 * @param request the request that opened the link
	 * @param customer the link's customer
	 * @throws PortalAccessDeniedException if someone else is signed in
	 */
	void open(HttpServletRequest request, String customer) {
		requireSignedInUserIs(customer);
		if (request.getSession(false) != null) {
			request.changeSessionId();
		}
		request.getSession(true).setAttribute(CUSTOMER_ATTRIBUTE, customer);
	}

	/**
	 * The customer of the request's portal session.
	 * @param request the request
	 * @return the customer's external id
	 * @throws PortalAccessDeniedException if there is no portal session, or someone else is
	 * signed in
	 */
	String customer(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		Object customer = (session != null) ? session.getAttribute(CUSTOMER_ATTRIBUTE) : null;
		if (!(customer instanceof String external) || external.isBlank()) {
			throw new PortalAccessDeniedException("no portal session");
		}
		requireSignedInUserIs(external);
		return external;
	}

	/**
	 * The customer the application has signed in for this request, if any.
	 * @return the customer's external id, or {@code null}
	 */
	@Nullable String signedInCustomer() {
		CustomerResolver resolver = this.customerResolver.getIfAvailable();
		@Nullable String signedIn = (resolver != null) ? resolver.currentCustomer() : null;
		return (signedIn != null && !signedIn.isBlank()) ? signedIn : null;
	}

	/**
	 * Refuses the request when the application has someone else signed in.
	 * @param customer the customer the portal would be opened for
	 * @throws PortalAccessDeniedException if someone else is signed in
	 */
	void requireSignedInUserIs(String customer) {
		@Nullable String signedIn = signedInCustomer();
		if (signedIn != null && !Objects.equals(signedIn, customer)) {
			throw new PortalAccessDeniedException("the signed-in user is not the portal session's customer");
		}
	}

}
