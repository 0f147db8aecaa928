package io.credyt.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

import io.credyt.annotation.CustomerResolver;

/**
 * The customer is the signed-in principal's name. Nobody is the customer when no one has signed in
 * or the user is anonymous.
 */
public final class SpringSecurityCustomerResolver implements CustomerResolver {

	private final SecurityContextHolderStrategy securityContext;

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	public SpringSecurityCustomerResolver(SecurityContextHolderStrategy securityContext) {
		this.securityContext = securityContext;
	}

	@Override
	public @Nullable String currentCustomer() {
		Authentication authentication = this.securityContext.getContext().getAuthentication();
		if (!this.trustResolver.isAuthenticated(authentication)) {
			return null;
		}
		String name = authentication.getName();
		return (name == null || name.isBlank()) ? null : name;
	}

}
