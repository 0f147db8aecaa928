package io.credyt.autoconfigure.admin;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Permits users who have a role, by Spring Security's own rule ({@code hasRole}), so a
 * {@link RoleHierarchy} and a custom role prefix count as they do everywhere else in the
 * application.
 */
final class RoleAdminAccess implements AdminAccess {

	private final AuthorityAuthorizationManager<HttpServletRequest> manager;

	private final SecurityContextHolderStrategy securityContext;

	RoleAdminAccess(String role, String rolePrefix, @Nullable RoleHierarchy roleHierarchy,
			SecurityContextHolderStrategy securityContext) {
		this.manager = AuthorityAuthorizationManager.hasAnyRole(rolePrefix, new String[] { role });
		if (roleHierarchy != null) {
			this.manager.setRoleHierarchy(roleHierarchy);
		}
		this.securityContext = securityContext;
	}

	@Override
	public boolean permits(HttpServletRequest request) {
		Authentication authentication = this.securityContext.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()) {
			return false;
		}
		AuthorizationResult result = this.manager.authorize(() -> authentication, request);
		return result != null && result.isGranted();
	}

}
