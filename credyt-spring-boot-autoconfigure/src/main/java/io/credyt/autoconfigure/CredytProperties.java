package io.credyt.autoconfigure;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Credyt's settings: the assets and products the application sells, what a new customer gets,
 * and how the ledger, {@code @Billable} and the web layer behave. The JDBC store's schema
 * settings live in {@code credyt.jdbc} ({@link io.credyt.autoconfigure.jdbc.CredytJdbcProperties}).
 */
@ConfigurationProperties("credyt")
public class CredytProperties {

	/**
	 * Whether Credyt billing is enabled.
	 */
	private boolean enabled = true;

	/**
	 * Custom assets by code, e.g. "credits". USD is built in.
	 */
	private Map<String, Asset> assets = new LinkedHashMap<>();

	/**
	 * Billable products by code, e.g. "image": unit labels, asset, prices, dimensions and vendor
	 * cost.
	 */
	private Map<String, Product> products = new LinkedHashMap<>();

	/**
	 * Plans customers may subscribe to, by code, e.g. "pro": a fee per interval, units of
	 * products included each period, and the prices subscribers pay beyond them.
	 */
	private Map<String, Plan> plans = new LinkedHashMap<>();

	/**
	 * How far below zero a new account's available balance may go, in the account's asset.
	 */
	private BigDecimal overdraftLimit = BigDecimal.ZERO;

	private final Signup signup = new Signup();

	private final Holds holds = new Holds();

	private final GroupCommit groupCommit = new GroupCommit();

	private final Billable billable = new Billable();

	private final Web web = new Web();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Map<String, Asset> getAssets() {
		return this.assets;
	}

	public void setAssets(Map<String, Asset> assets) {
		this.assets = assets;
	}

	public Map<String, Product> getProducts() {
		return this.products;
	}

	public void setProducts(Map<String, Product> products) {
		this.products = products;
	}

	public Map<String, Plan> getPlans() {
		return this.plans;
	}

	public void setPlans(Map<String, Plan> plans) {
		this.plans = plans;
	}

	public BigDecimal getOverdraftLimit() {
		return this.overdraftLimit;
	}

	public void setOverdraftLimit(BigDecimal overdraftLimit) {
		this.overdraftLimit = overdraftLimit;
	}

	public Signup getSignup() {
		return this.signup;
	}

	public Holds getHolds() {
		return this.holds;
	}

	public GroupCommit getGroupCommit() {
		return this.groupCommit;
	}

	public Billable getBillable() {
		return this.billable;
	}

	public Web getWeb() {
		return this.web;
	}

	/**
	 * A custom asset, such as credits worth a cent each.
	 */
	public static class Asset {

		/**
		 * Display name of the unit, e.g. "credits". Defaults to the asset code.
		 */
		private @Nullable String label;

		/**
		 * Prefix shown before amounts, e.g. "€". Empty: amounts are shown with the label.
		 */
		private String symbol = "";

		/**
		 * Fraction digits shown to people (0 for whole credits). Amounts are always stored with 12.
		 */
		private int precision = 2;

		/**
		 * Value of one unit in the base currency (USD), e.g. 0.01 when one credit is a cent.
		 */
		private @Nullable BigDecimal rate;

		public @Nullable String getLabel() {
			return this.label;
		}

		public void setLabel(@Nullable String label) {
			this.label = label;
		}

		public String getSymbol() {
			return this.symbol;
		}

		public void setSymbol(String symbol) {
			this.symbol = symbol;
		}

		public int getPrecision() {
			return this.precision;
		}

		public void setPrecision(int precision) {
			this.precision = precision;
		}

		public @Nullable BigDecimal getRate() {
			return this.rate;
		}

		public void setRate(@Nullable BigDecimal rate) {
			this.rate = rate;
		}

	}

	/**
	 * A billable product.
	 */
	public static class Product {

		/**
		 * Singular label of one unit, e.g. "image".
		 */
		private String unit = "unit";

		/**
		 * Plural label of the unit, e.g. "images". Defaults to the singular with an "s".
		 */
		private @Nullable String units;

		/**
		 * Code of the asset prices are in.
		 */
		private String asset = "USD";

		/**
		 * Default unit price, for usage that no more specific entry of "prices" matches.
		 */
		private @Nullable BigDecimal price;

		/**
		 * Unit prices by dimension values: a key such as "quality=hd" or "quality=hd,model=x"
		 * (bracketed in YAML and properties files: "[quality=hd]"), where "*" as a value matches
		 * any value. The entry with the most exact values that match wins.
		 */
		private Map<String, BigDecimal> prices = new LinkedHashMap<>();

		/**
		 * Allowed values of each dimension, by dimension name. An empty list allows any value.
		 * When no dimension is declared, the dimensions and values named by "prices" are
		 * allowed ("*" allowing any value).
		 */
		private Map<String, List<String>> dimensions = new LinkedHashMap<>();

		/**
		 * What one unit costs the operator, in the base currency, e.g. the model vendor's price.
		 */
		private @Nullable BigDecimal vendorCost;

		/**
		 * Who the operator buys the work from, e.g. 'replicate' or 'openai', to group costs by in
		 * the profitability report.
		 */
		private @Nullable String vendor;

		/**
		 * Number of units one price pays for: when set, usage is billed per started package.
		 */
		private @Nullable BigDecimal packageSize;

		public String getUnit() {
			return this.unit;
		}

		public void setUnit(String unit) {
			this.unit = unit;
		}

		public @Nullable String getUnits() {
			return this.units;
		}

		public void setUnits(@Nullable String units) {
			this.units = units;
		}

		public String getAsset() {
			return this.asset;
		}

		public void setAsset(String asset) {
			this.asset = asset;
		}

		public @Nullable BigDecimal getPrice() {
			return this.price;
		}

		public void setPrice(@Nullable BigDecimal price) {
			this.price = price;
		}

		public Map<String, BigDecimal> getPrices() {
			return this.prices;
		}

		public void setPrices(Map<String, BigDecimal> prices) {
			this.prices = prices;
		}

		public Map<String, List<String>> getDimensions() {
			return this.dimensions;
		}

		public void setDimensions(Map<String, List<String>> dimensions) {
			this.dimensions = dimensions;
		}

		public @Nullable BigDecimal getVendorCost() {
			return this.vendorCost;
		}

		public void setVendorCost(@Nullable BigDecimal vendorCost) {
			this.vendorCost = vendorCost;
		}

		public @Nullable String getVendor() {
			return this.vendor;
		}

		public void setVendor(@Nullable String vendor) {
			this.vendor = vendor;
		}

		public @Nullable BigDecimal getPackageSize() {
			return this.packageSize;
		}

		public void setPackageSize(@Nullable BigDecimal packageSize) {
			this.packageSize = packageSize;
		}

	}

	/**
	 * A plan customers subscribe to: "Pro: $20 a month, 200 images included, then $0.20 an image".
	 */
	public static class Plan {

		/**
		 * What customers see, e.g. "Pro". Defaults to the code, capitalised.
		 */
		private @Nullable String name;

		/**
		 * Fee per interval, in the plan's currency, with no more fraction digits than the currency
		 * shows. 0 for a free plan.
		 */
		private @Nullable BigDecimal fee;

		/**
		 * Code of the asset the fee is paid in.
		 */
		private String currency = "USD";

		/**
		 * How long a period is: day, week, month or year.
		 */
		private String interval = "month";

		/**
		 * Units of products included each period, by product code, e.g. "image: 200". Unused
		 * units lapse at the period's end.
		 */
		private Map<String, BigDecimal> entitlements = new LinkedHashMap<>();

		/**
		 * Unit prices subscribers pay instead of the products' own, beyond the included units. A
		 * key is a product code (that product's default price for subscribers, e.g. "image:
		 * 0.20"), or dimension values in the products' own price-key syntax (bracketed:
		 * "[quality=hd]"), which price every product of the plan that declares them, or both
		 * ("[image:quality=hd]") for one product only. Prices the plan does not name stay the
		 * products' own.
		 */
		private Map<String, BigDecimal> prices = new LinkedHashMap<>();

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public @Nullable BigDecimal getFee() {
			return this.fee;
		}

		public void setFee(@Nullable BigDecimal fee) {
			this.fee = fee;
		}

		public String getCurrency() {
			return this.currency;
		}

		public void setCurrency(String currency) {
			this.currency = currency;
		}

		public String getInterval() {
			return this.interval;
		}

		public void setInterval(String interval) {
			this.interval = interval;
		}

		public Map<String, BigDecimal> getEntitlements() {
			return this.entitlements;
		}

		public void setEntitlements(Map<String, BigDecimal> entitlements) {
			this.entitlements = entitlements;
		}

		public Map<String, BigDecimal> getPrices() {
			return this.prices;
		}

		public void setPrices(Map<String, BigDecimal> prices) {
			this.prices = prices;
		}

	}

	/**
	 * What every new customer gets.
	 */
	public static class Signup {

		/**
		 * One-time allowances of product units each new customer gets, by product code, e.g.
		 * "image: 10" for ten free images. Given at most once per customer.
		 */
		private Map<String, BigDecimal> entitlements = new LinkedHashMap<>();

		public Map<String, BigDecimal> getEntitlements() {
			return this.entitlements;
		}

		public void setEntitlements(Map<String, BigDecimal> entitlements) {
			this.entitlements = entitlements;
		}

	}

	/**
	 * Group commit: concurrent operations on one wallet (a B2B organisation's shared balance)
	 * coalesced into one transaction, each in a savepoint of its own.
	 */
	public static class GroupCommit {

		/**
		 * Whether concurrent authorizations, captures, releases and usage of any wallets are
		 * applied in batches (one transaction each) instead of one transaction each.
		 */
		private boolean enabled = true;

		/**
		 * Most commands in one batch; bounds how long a batch, and so each command waiting for it,
		 * can take. A batch never waits for more work: it takes what queued while the previous
		 * batch ran.
		 */
		private int maxBatch = 64;

		/**
		 * How many batches one instance may apply at once, each on a connection of its own. A
		 * customer's commands always share a lane. One lane makes the fullest batches; more let
		 * batches overlap, with fewer commands each.
		 */
		private int lanes = 1;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxBatch() {
			return this.maxBatch;
		}

		public void setMaxBatch(int maxBatch) {
			this.maxBatch = maxBatch;
		}

		public int getLanes() {
			return this.lanes;
		}

		public void setLanes(int lanes) {
			this.lanes = lanes;
		}

	}

	/**
	 * Authorization holds and their sweeper.
	 */
	public static class Holds {

		/**
		 * How long a hold reserves funds before the sweeper may expire it. Longer than the
		 * slowest billable call.
		 */
		private Duration timeToLive = Duration.ofMinutes(10);

		/**
		 * How often the sweeper expires holds past their time-to-live and applies due grant
		 * changes.
		 */
		private Duration sweepInterval = Duration.ofSeconds(30);

		/**
		 * Most holds or accounts the sweeper handles in one transaction.
		 */
		private int sweepBatchSize = 500;

		public Duration getTimeToLive() {
			return this.timeToLive;
		}

		public void setTimeToLive(Duration timeToLive) {
			this.timeToLive = timeToLive;
		}

		public Duration getSweepInterval() {
			return this.sweepInterval;
		}

		public void setSweepInterval(Duration sweepInterval) {
			this.sweepInterval = sweepInterval;
		}

		public int getSweepBatchSize() {
			return this.sweepBatchSize;
		}

		public void setSweepBatchSize(int sweepBatchSize) {
			this.sweepBatchSize = sweepBatchSize;
		}

	}

	/**
	 * The {@code @Billable} advice.
	 */
	public static class Billable {

		/**
		 * Order of the billing advice among other advice. Lower than the transaction advice's
		 * (lowest precedence by default) so that usage is captured after the method's transaction
		 * commits.
		 */
		private int order = 0;

		public int getOrder() {
			return this.order;
		}

		public void setOrder(int order) {
			this.order = order;
		}

	}

	/**
	 * The web layer.
	 */
	public static class Web {

		/**
		 * Name of the model attribute that holds the signed-in customer's balance in every MVC
		 * model.
		 */
		private String modelAttribute = "credyt";

		/**
		 * Where "Manage billing" links go.
		 */
		private String manageBillingUrl = "/billing";

		/**
		 * Where a page request that the balance cannot pay for is redirected, with the product,
		 * asset and required amount as query parameters. Defaults to the manage-billing URL.
		 */
		private @Nullable String topUpUrl;

		/**
		 * Code of the asset the balance is shown in.
		 */
		private String displayAsset = "USD";

		/**
		 * The billing JSON API for single-page and mobile clients.
		 */
		private final Api api = new Api();

		public String getModelAttribute() {
			return this.modelAttribute;
		}

		public void setModelAttribute(String modelAttribute) {
			this.modelAttribute = modelAttribute;
		}

		public String getManageBillingUrl() {
			return this.manageBillingUrl;
		}

		public void setManageBillingUrl(String manageBillingUrl) {
			this.manageBillingUrl = manageBillingUrl;
		}

		public @Nullable String getTopUpUrl() {
			return this.topUpUrl;
		}

		public void setTopUpUrl(@Nullable String topUpUrl) {
			this.topUpUrl = topUpUrl;
		}

		public String getDisplayAsset() {
			return this.displayAsset;
		}

		public void setDisplayAsset(String displayAsset) {
			this.displayAsset = displayAsset;
		}

		public Api getApi() {
			return this.api;
		}

	}

	/**
	 * The billing JSON API: the signed-in customer's balance, usage and a portal link.
	 */
	public static class Api {

		/**
		 * Whether the billing JSON API is served.
		 */
		private boolean enabled = true;

		/**
		 * Path the API is served under; its endpoints are {@code /balance}, {@code /usage} and
		 * {@code /portal-link}. The application's security rules apply to it.
		 */
		private String path = "/billing/api";

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

	}

}
