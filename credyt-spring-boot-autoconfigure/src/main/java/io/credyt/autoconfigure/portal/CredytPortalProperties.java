package io.credyt.autoconfigure.portal;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The customer billing portal: where it is served, how long its links last, how it looks.
 */
@ConfigurationProperties("credyt.portal")
public class CredytPortalProperties {

	/**
	 * Whether the billing portal is served.
	 */
	private boolean enabled = true;

	/**
	 * Path the portal is served under; it starts with "/" and does not end with one.
	 */
	private String path = "/billing/portal";

	/**
	 * How long a portal link opens the portal after it was created.
	 */
	private Duration linkTtl = Duration.ofMinutes(10);

	/**
	 * Key that signs portal links, at least 32 characters, the same on every instance. When
	 * unset, a random key is generated once and kept in the credyt_secret table, so every
	 * instance on the database shares it.
	 */
	private @Nullable String signingSecret;

	/**
	 * Where the portal's "Back to the app" link goes.
	 */
	private String returnUrl = "/";

	/**
	 * Rows per page of the usage history and the transactions.
	 */
	private int pageSize = 20;

	private final Brand brand = new Brand();

	private final Security security = new Security();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public Duration getLinkTtl() {
		return this.linkTtl;
	}

	public void setLinkTtl(Duration linkTtl) {
		this.linkTtl = linkTtl;
	}

	public @Nullable String getSigningSecret() {
		return this.signingSecret;
	}

	public void setSigningSecret(@Nullable String signingSecret) {
		this.signingSecret = signingSecret;
	}

	public String getReturnUrl() {
		return this.returnUrl;
	}

	public void setReturnUrl(String returnUrl) {
		this.returnUrl = returnUrl;
	}

	public int getPageSize() {
		return this.pageSize;
	}

	public void setPageSize(int pageSize) {
		this.pageSize = pageSize;
	}

	public Brand getBrand() {
		return this.brand;
	}

	public Security getSecurity() {
		return this.security;
	}

	/**
	 * How the portal and the test checkout look.
	 */
	public static class Brand {

		/**
		 * Product name shown in the portal's header and title.
		 */
		private String name = "Billing";

		/**
		 * URL of the logo shown in the portal's header; none when unset.
		 */
		private @Nullable String logoUrl;

		/**
		 * Primary colour of buttons and links, as "#rrggbb".
		 */
		private String primaryColor = "#2563eb";

		/**
		 * Support email address shown in the portal's footer; none when unset.
		 */
		private @Nullable String supportEmail;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public @Nullable String getLogoUrl() {
			return this.logoUrl;
		}

		public void setLogoUrl(@Nullable String logoUrl) {
			this.logoUrl = logoUrl;
		}

		public String getPrimaryColor() {
			return this.primaryColor;
		}

		public void setPrimaryColor(String primaryColor) {
			this.primaryColor = primaryColor;
		}

		public @Nullable String getSupportEmail() {
			return this.supportEmail;
		}

		public void setSupportEmail(@Nullable String supportEmail) {
			this.supportEmail = supportEmail;
		}

	}

	/**
	 * The portal under Spring Security.
	 */
	public static class Security {

		/**
		 * Whether every security filter chain lets the portal, the test checkout and the Stripe
		 * webhook through without a login (the portal link is the credential), and exempts the
		 * webhook, which Stripe signs, from CSRF protection.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
