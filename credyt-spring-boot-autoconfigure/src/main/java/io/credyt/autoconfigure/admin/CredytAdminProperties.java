package io.credyt.autoconfigure.admin;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The operator dashboard: where it is served, who may see it and how much a page shows.
 */
@ConfigurationProperties("credyt.admin")
public class CredytAdminProperties {

	/** The dashboard's path when none is set. */
	public static final String DEFAULT_PATH = "/billing/admin";

	/**
	 * Whether the operator dashboard is on. Unset, it is on when Spring Security is on the class
	 * path (and then only for the role below) and off otherwise. "true" without Spring Security
	 * serves it to anyone who can reach the path.
	 */
	private @Nullable Boolean enabled;

	/**
	 * Path the dashboard is served under, e.g. "/billing/admin": a slash followed by segments of
	 * letters, digits, '.', '_', '~' and '-', without a trailing slash.
	 */
	private String path = DEFAULT_PATH;

	/**
	 * Role an operator needs to see the dashboard, without the "ROLE_" prefix.
	 */
	private String role = "BILLING_ADMIN";

	/**
	 * Rows per page of every list, 1 to 500.
	 */
	private int pageSize = 25;

	/**
	 * Asset the customer list shows balances and spend in.
	 */
	private String asset = "USD";

	public @Nullable Boolean getEnabled() {
		return this.enabled;
	}

	public void setEnabled(@Nullable Boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public String getRole() {
		return this.role;
	}

	public void setRole(String role) {
		this.role = role;
	}

	public int getPageSize() {
		return this.pageSize;
	}

	public void setPageSize(int pageSize) {
		this.pageSize = pageSize;
	}

	public String getAsset() {
		return this.asset;
	}

	public void setAsset(String asset) {
		this.asset = asset;
	}

}
