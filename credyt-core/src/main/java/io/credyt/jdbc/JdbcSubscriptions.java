package io.credyt.jdbc;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.transaction.PlatformTransactionManager;

import io.credyt.catalog.Catalog;
import io.credyt.catalog.SubscriptionPlan;
import io.credyt.ledger.LedgerEventListener;
import io.credyt.ledger.Page;
import io.credyt.ledger.PageRequest;
import io.credyt.payment.Checkout;
import io.credyt.payment.PaymentProvider;
import io.credyt.payment.PaymentStore;
import io.credyt.subscription.Subscription;
import io.credyt.subscription.SubscriptionCharge;
import io.credyt.subscription.SubscriptionOptions;
import io.credyt.subscription.SubscriptionStatus;
import io.credyt.subscription.SubscriptionSummary;
import io.credyt.subscription.Subscriptions;

/**
 * {@link Subscriptions} on the ledger's database. (Being written: the API is fixed.)
 */
public final class JdbcSubscriptions implements Subscriptions {

	private final Catalog catalog;

	/**
	 * The service on the ledger's database.
	 * @param dataSource the ledger's database
	 * @param transactionManager its transaction manager
	 * @param catalog the ledger's products, assets and plans
	 * @param options the ledger's options
	 * @param clock the time
	 * @param listener hears every ledger change before it commits
	 * @param payments where payments and saved cards are remembered
	 * @param provider the payment provider for card payments, or {@code null} (then only the wallet
	 * pays)
	 * @param subscriptionOptions the renewal retry schedule
	 */
	public JdbcSubscriptions(DataSource dataSource, PlatformTransactionManager transactionManager, Catalog catalog,
			LedgerOptions options, Clock clock, LedgerEventListener listener, PaymentStore payments,
			@Nullable PaymentProvider provider, SubscriptionOptions subscriptionOptions) {
		this.catalog = catalog;
	}

	@Override
	public List<SubscriptionPlan> plans() {
		return List.copyOf(this.catalog.plans());
	}

	@Override
	public Optional<Subscription> subscription(String customer) {
		throw new UnsupportedOperationException();
	}

	@Override
	public Subscription subscribeWithWallet(String customer, String plan, String idempotencyKey) {
		throw new UnsupportedOperationException();
	}

	@Override
	public Checkout startCheckout(String customer, String plan, String successUrl, String cancelUrl,
			String idempotencyKey) {
		throw new UnsupportedOperationException();
	}

	@Override
	public Subscription completeCheckout(String sessionId) {
		throw new UnsupportedOperationException();
	}

	@Override
	public boolean isSubscriptionCheckout(String sessionId) {
		throw new UnsupportedOperationException();
	}

	@Override
	public Subscription changePlan(String customer, UUID subscriptionId, String plan, String idempotencyKey) {
		throw new UnsupportedOperationException();
	}

	@Override
	public Subscription cancel(String customer, UUID subscriptionId, String idempotencyKey) {
		throw new UnsupportedOperationException();
	}

	@Override
	public Subscription reactivate(String customer, UUID subscriptionId, String idempotencyKey) {
		throw new UnsupportedOperationException();
	}

	@Override
	public int renewDue(int limit) {
		throw new UnsupportedOperationException();
	}

	@Override
	public List<SubscriptionCharge> charges(String customer) {
		throw new UnsupportedOperationException();
	}

	@Override
	public Page<Subscription> subscriptions(@Nullable SubscriptionStatus status, PageRequest page) {
		throw new UnsupportedOperationException();
	}

	@Override
	public SubscriptionSummary summary() {
		throw new UnsupportedOperationException();
	}

}
