package io.credyt.autoconfigure.admin;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses requests to the dashboard's paths from users it does not permit. The refusal is an
 * {@link AccessDeniedException}, so the chain's own exception handling answers it: a user who is
 * not signed in is sent to sign in, a signed-in user without the role gets 403. It only ever
 * refuses, and only under the dashboard's path: the rest of the chain's rules are untouched.
 */
final class AdminAuthorizationFilter extends OncePerRequestFilter {

	private final RequestMatcher dashboard;

	private final AdminAccess access;

	AdminAuthorizationFilter(RequestMatcher dashboard, AdminAccess access) {
		this.dashboard = dashboard;
		this.access = access;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.dashboard.matches(request) && !this.access.permits(request)) {
			throw new AccessDeniedException("The billing dashboard is for billing administrators only");
		}
		chain.doFilter(request, response);
	}

}
