package io.credyt.mcp;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the billing MCP server, under {@code credyt.mcp}.
 */
@ConfigurationProperties("credyt.mcp")
public class CredytMcpProperties {

	/** The instructions an agent reads when it connects, unless {@code credyt.mcp.instructions} is set. */
	public static final String DEFAULT_INSTRUCTIONS = "Billing tools for this application, which bills its "
			+ "customers in advance (prepaid credit). Each customer, known by the application's own user id, has one "
			+ "wallet with an account per asset (USD by default, or custom assets such as credits); an account has a "
			+ "posted balance, a held amount reserved for work in progress, and available = posted - held. Products "
			+ "are the billable things (e.g. image), each with a unit, an asset, a price that may differ per dimension "
			+ "value (e.g. quality=hd), and optionally a vendor and the vendor cost of one unit. Credit comes in "
			+ "grants: promotional (gifts, sign-up credit), bundled (part of a plan) and paid (top-ups), spent in that "
			+ "order; revenue is only what paid credit covers. Entitlements give free units of a product, once or per period (day, week, "
			+ "month, year), used before the wallet. Charges can be refunded (the fee goes back to the kinds of credit "
			+ "that paid it) and top-ups refunded to the card. Money is always a decimal string such as \"12.50\", "
			+ "never a number. Refunds and gifts need a reason and an idempotency key; repeating a call with the "
			+ "same key does the work once.";

	/** Whether the billing MCP server is on; also switches Spring AI's MCP server, which stays off otherwise. */
	private boolean enabled;

	/** The path of the MCP endpoint (Streamable HTTP, stateless). */
	private String path = "/mcp";

	/** The server name an agent sees. */
	private String name = "credyt-billing";

	/** What an agent is told about the billing model when it connects. */
	private String instructions = DEFAULT_INSTRUCTIONS;

	/**
	 * The API keys an agent presents as {@code Authorization: Bearer <key>}, by a name that appears in
	 * the log and as the operator of what the agent changes ({@code mcp:<name>}). A key is at least 32
	 * characters and starts with {@code key_test_}, or {@code key_live_} when the payment provider is live.
	 */
	private Map<String, String> apiKeys = new LinkedHashMap<>();

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

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public String getInstructions() {
		return this.instructions;
	}

	public void setInstructions(String instructions) {
		this.instructions = instructions;
	}

	public Map<String, String> getApiKeys() {
		return this.apiKeys;
	}

	public void setApiKeys(Map<String, String> apiKeys) {
		this.apiKeys = apiKeys;
	}

}
