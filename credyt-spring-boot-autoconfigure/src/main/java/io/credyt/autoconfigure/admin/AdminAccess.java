package io.credyt.autoconfigure.admin;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who may see the operator dashboard. The dashboard's controller asks before every request, and
 * with Spring Security so does a filter in every security filter chain, so a request that is not
 * permitted never reaches any data. The auto-configured one, with Spring Security, permits the
 * role {@code credyt.admin.role}; an application's own bean replaces it in both places.
 */
@FunctionalInterface
public interface AdminAccess {

	/**
	 * Whether the request's user may see the dashboard.
	 * @param request the request
	 * @return whether it is permitted
	 */
	boolean permits(HttpServletRequest request);

}
