package io.credyt.test;

import java.math.BigDecimal;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.test.web.servlet.MockMvc;

import io.credyt.autoconfigure.portal.PortalLinks;
import io.credyt.ledger.Balance;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.Onboarding;
import io.credyt.ledger.Page;
import io.credyt.ledger.PageRequest;
import io.credyt.ledger.TopUp;
import io.credyt.ledger.TopUpRequest;
import io.credyt.ledger.UsageRecord;
import io.credyt.money.Asset;
import io.credyt.subscription.Subscription;
import io.credyt.subscription.Subscriptions;

/**
 * What a test of a billed application needs, in one bean ({@link AutoConfigureCredytTest}):
 * <pre>{@code
 * String customer = credyt.newCustomer();
 * credyt.fund(customer, "5.00");
 * // ... call the application as that customer ...
 * assertThat(credyt.billing(customer)).hasAvailable("4.75").hasUsageCount("image", 1);
 * }</pre>
 * <p>
 * <b>One customer per test.</b> The ledger's entries are append-only (on PostgreSQL a trigger
 * refuses to delete them), and a customer's balance must always equal the sum of their entries,
 * so a customer is never reset by deleting rows: a test starts from a customer id no test used
 * before ({@link #newCustomer()}), in the application's user id format where it has one (a fresh
 * user name, signed up through the application). Tests then never see each other's money, even
 * when they run against one database, in parallel or in any order.
 */
public class CredytTest {

	private final SecureRandom random = new SecureRandom();

	private final Ledger ledger;

	private final @Nullable Onboarding onboarding;

	private final @Nullable PortalLinks portalLinks;

	private final @Nullable Subscriptions subscriptions;

	/**
	 * Creates the kit.
	 * @param ledger the application's ledger
	 * @param onboarding gives new customers their sign-up allowances, if the application has
	 * any
	 * @param portalLinks opens the billing portal for the test checkout, when the application
	 * serves it
	 */
	public CredytTest(Ledger ledger, @Nullable Onboarding onboarding, @Nullable PortalLinks portalLinks) {
		this(ledger, onboarding, portalLinks, null);
	}

	/**
	 * Creates the kit.
	 * @param ledger the application's ledger
	 * @param onboarding gives new customers their sign-up allowances, if the application has
	 * any
	 * @param portalLinks opens the billing portal for the test checkout, when the application
	 * serves it
	 * @param subscriptions the application's subscriptions, when it declares plans
	 */
	public CredytTest(Ledger ledger, @Nullable Onboarding onboarding, @Nullable PortalLinks portalLinks,
			@Nullable Subscriptions subscriptions) {
		this.ledger = Objects.requireNonNull(ledger, "ledger");
		this.onboarding = onboarding;
		this.portalLinks = portalLinks;
		this.subscriptions = subscriptions;
	}

	/**
	 * Subscribes a customer to a plan in one call: the fee is put in their wallet as a paid
	 * top-up and paid from it, so the wallet ends as it was and the plan is active, with its
	 * allowance for the period.
	 * @param customer the customer's external id (created when new)
	 * @param plan the plan code ({@code credyt.plans.<code>})
	 * @return the active subscription
	 * @throws IllegalStateException if the application declares no plans
	 */
	public Subscription subscribe(String customer, String plan) {
		Subscriptions service = subscriptions();
		BigDecimal fee = this.ledger.catalog().plan(plan).fee();
		String currency = this.ledger.catalog().plan(plan).currency();
		if (fee.signum() > 0) {
			fund(customer, fee.toPlainString(), currency);
		}
		return service.subscribeWithWallet(customer, plan, "credyt-test-" + UUID.randomUUID());
	}

	/**
	 * Runs the renewals that are due now, as the application's renewal timer does: move the
	 * application's {@code Clock} bean past a period's end first.
	 * @return how many subscriptions were renewed, retried or ended
	 * @throws IllegalStateException if the application declares no plans
	 */
	public int renewDue() {
		return subscriptions().renewDue(1000);
	}

	private Subscriptions subscriptions() {
		if (this.subscriptions == null) {
			throw new IllegalStateException("The application declares no plans (credyt.plans)");
		}
		return this.subscriptions;
	}

	/**
	 * A customer id no test has used: {@code test-} and 16 random hexadecimal digits (64 bits),
	 * short and plain enough for most user name rules.
	 * @return the id
	 */
	public String newCustomer() {
		return newCustomer("test");
	}

	/**
	 * A customer id no test has used, with a readable prefix: {@code alice-} and 16 random
	 * hexadecimal digits.
	 * @param prefix the prefix
	 * @return the id
	 */
	public String newCustomer(String prefix) {
		return prefix + "-" + HexFormat.of().toHexDigits(this.random.nextLong());
	}

	/**
	 * Onboards a customer as the application does on their first billed call or page: the
	 * customer is created and given the sign-up allowances ({@code credyt.signup.entitlements}).
	 * @param customer the customer's external id
	 * @return the customer's balance afterwards
	 */
	public Balance onboard(String customer) {
		if (this.onboarding != null) {
			this.onboarding.onboard(customer);
		}
		else {
			this.ledger.customer(customer);
		}
		return balance(customer);
	}

	/**
	 * Puts money in a customer's wallet in one call, as a paid top-up in US dollars (what a
	 * successful checkout credits), under a payment reference of its own.
	 * @param customer the customer's external id (created when new)
	 * @param amount the amount, e.g. {@code "5.00"}
	 * @return the top-up
	 */
	public TopUp fund(String customer, String amount) {
		return fund(customer, amount, Asset.USD.code());
	}

	/**
	 * Puts value in one asset of a customer's wallet in one call, as a paid top-up in that asset.
	 * @param customer the customer's external id (created when new)
	 * @param amount the amount, e.g. {@code "450"}
	 * @param asset the asset code, e.g. {@code credits}
	 * @return the top-up
	 */
	public TopUp fund(String customer, String amount, String asset) {
		return this.ledger.topUp(customer,
				TopUpRequest.of("credyt-test-" + UUID.randomUUID(), new BigDecimal(amount).toPlainString(), asset, asset));
	}

	/**
	 * The customer's balance now.
	 * @param customer the customer's external id
	 * @return the balance (empty for an unknown customer)
	 */
	public Balance balance(String customer) {
		return this.ledger.balance(customer);
	}

	/**
	 * The customer's balance and every usage event billed to them, for
	 * {@link CredytAssertions#assertThat(CustomerBilling)}.
	 * @param customer the customer's external id
	 * @return the snapshot
	 */
	public CustomerBilling billing(String customer) {
		List<UsageRecord> usage = new ArrayList<>();
		Page<UsageRecord> page;
		int index = 0;
		do {
			page = this.ledger.usage(customer, PageRequest.of(index++, PageRequest.MAX_SIZE));
			usage.addAll(page.items());
		}
		while (page.hasNext());
		return new CustomerBilling(customer, this.ledger.balance(customer), usage);
	}

	/**
	 * The test checkout, driven through MockMvc: {@code @AutoConfigureMockMvc} gives the
	 * application's {@link MockMvc}, with its security filters. Needs the test payment provider
	 * ({@code credyt.payments.test-mode.enabled=true}) and the billing portal.
	 * @param mvc the application's MockMvc
	 * @return the checkout
	 */
	public TestCheckout checkout(MockMvc mvc) {
		return TestCheckout.mockMvc(mvc, portalLinks());
	}

	/**
	 * The test checkout, driven over HTTP against a running application (a
	 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT)}). Needs the test payment provider
	 * ({@code credyt.payments.test-mode.enabled=true}) and the billing portal.
	 * @param baseUrl the application's address with its context path, e.g.
	 * {@code http://localhost:54321}
	 * @return the checkout
	 */
	public TestCheckout checkout(URI baseUrl) {
		return TestCheckout.http(baseUrl, portalLinks());
	}

	/** @return the ledger the kit works with */
	public Ledger ledger() {
		return this.ledger;
	}

	private PortalLinks portalLinks() {
		if (this.portalLinks == null) {
			throw new IllegalStateException("The test checkout goes through the billing portal, which this "
					+ "application does not serve: it needs Spring MVC, Thymeleaf and credyt.portal.enabled=true");
		}
		return this.portalLinks;
	}

}
