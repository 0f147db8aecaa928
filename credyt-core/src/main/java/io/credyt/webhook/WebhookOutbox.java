package io.credyt.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

import io.credyt.ledger.Adjustment;
import io.credyt.ledger.AdjustmentReason;
import io.credyt.ledger.HoldStatus;
import io.credyt.ledger.LedgerEvent;
import io.credyt.ledger.LedgerEventListener;
import io.credyt.ledger.UsageRecord;
import io.credyt.payment.PaymentKind;
import io.credyt.payment.PaymentListener;
import io.credyt.payment.PaymentRecord;

/**
 * The transactional outbox: hears the ledger's events inside the transaction that makes the change
 * and writes the webhook events they cause, with a pending delivery for every destination that
 * wants each, on the same connection. An event therefore commits exactly when its change does: it
 * is never lost, and never sent for a change that rolled back. Nothing is sent here; the
 * {@link WebhookDispatcher} does that, on any instance, after the commit.
 *
 * <p>
 * {@code balance.low} fires when an account's available balance goes from at or above a
 * threshold to below it, and again only after it has gone back above: the account is locked while
 * its balance moves, so among any number of concurrent debits exactly one makes the crossing.
 * {@code balance.depleted} fires when it goes from above zero to zero or below.
 *
 * <p>
 * A failed top-up is no ledger change: as a {@link PaymentListener} the outbox writes
 * {@code topup.failed} or {@code auto_topup.failed} in a transaction of its own, with an event id
 * made from the payment's, so a failure reported twice (the customer's return and the provider's
 * notification) is one event.
 */
public final class WebhookOutbox implements LedgerEventListener, PaymentListener {

	private static final String INSERT_EVENT = "INSERT INTO credyt_webhook_event (id, type, customer, body, created_at)"
			+ " VALUES (?, ?, ?, ?, ?)";

	private static final String INSERT_DELIVERY = "INSERT INTO credyt_webhook_delivery (event_seq, destination,"
			+ " customer, status, attempts, next_attempt_at) VALUES (?, ?, ?, 'PENDING', 0, ?)";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final JdbcWebhookDestinations destinations;

	private final WebhookThresholds thresholds;

	private final BooleanSupplier liveMode;

	private final Clock clock;

	private final Duration refresh;

	private volatile List<WebhookDestination> enabled = List.of();

	private volatile Instant loadedAt = Instant.MIN;

	/**
	 * The outbox on the ledger's database.
	 * @param dataSource the ledger's database (its transactions are joined)
	 * @param destinations where the destinations are kept
	 * @param thresholds the balances below which {@code balance.low} fires
	 * @param liveMode whether real money moves (the envelope's {@code live_mode}), asked at each event
	 * @param clock the time
	 * @param refresh how long the destinations read are used before they are read again
	 */
	public WebhookOutbox(DataSource dataSource, JdbcWebhookDestinations destinations, WebhookThresholds thresholds,
			BooleanSupplier liveMode, Clock clock, Duration refresh) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.destinations = destinations;
		this.thresholds = thresholds;
		this.liveMode = liveMode;
		this.clock = clock;
		this.refresh = refresh;
	}

	@Override
	public void committing(List<LedgerEvent> events) {
		List<WebhookDestination> targets = destinations();
		if (targets.isEmpty()) {
			return;
		}
		for (LedgerEvent event : events) {
			for (Map.Entry<WebhookTopic, Map<String, Object>> webhook : webhooks(event)) {
				List<WebhookDestination> wanting = targets.stream().filter((d) -> d.wants(webhook.getKey())).toList();
				if (!wanting.isEmpty()) {
					write("evt_" + UUID.randomUUID().toString().replace("-", ""), webhook.getKey(), event.customer(),
							webhook.getValue(), wanting);
				}
			}
		}
	}

	@Override
	public void failed(PaymentRecord payment) {
		WebhookTopic topic = (payment.kind() == PaymentKind.AUTO_TOP_UP) ? WebhookTopic.AUTO_TOPUP_FAILED
				: WebhookTopic.TOPUP_FAILED;
		List<WebhookDestination> wanting = destinations().stream().filter((d) -> d.wants(topic)).toList();
		if (wanting.isEmpty()) {
			return;
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("customer", payment.customer());
		data.put("payment_id", payment.id());
		data.put("amount", payment.amount());
		data.put("currency", payment.currency());
		data.put("provider", payment.provider());
		data.put("failure_reason", payment.failureReason());
		String id = "evt_" + UUID.nameUUIDFromBytes((topic.wireName() + ":" + payment.id())
			.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString().replace("-", "");
		try {
			this.transactions.executeWithoutResult((status) -> write(id, topic, payment.customer(), data, wanting));
		}
		catch (DuplicateKeyException ex) {
			// reported before: the event exists already
		}
	}

	/**
	 * Forgets the destinations read, so the next event reads them again (after this instance changed
	 * one).
	 */
	public void refresh() {
		this.loadedAt = Instant.MIN;
	}

	private List<WebhookDestination> destinations() {
		Instant now = this.clock.instant();
		if (this.loadedAt.plus(this.refresh).isBefore(now)) {
			this.enabled = this.destinations.all()
				.stream()
				.map(JdbcWebhookDestinations.StoredDestination::destination)
				.filter(WebhookDestination::enabled)
				.toList();
			this.loadedAt = now;
		}
		return this.enabled;
	}

	/** The webhooks one ledger event causes, by topic. */
	private List<Map.Entry<WebhookTopic, Map<String, Object>>> webhooks(LedgerEvent event) {
		List<Map.Entry<WebhookTopic, Map<String, Object>>> webhooks = new ArrayList<>();
		if (event instanceof LedgerEvent.UsageRecorded recorded) {
			webhooks.add(Map.entry(WebhookTopic.USAGE_RECORDED, usage(recorded.usage())));
		}
		else if (event instanceof LedgerEvent.BalanceChanged changed) {
			for (WebhookThresholds.Threshold threshold : this.thresholds.of(changed.asset())) {
				if (changed.crossedBelow(threshold.amount())) {
					Map<String, Object> data = balance(changed);
					data.put("threshold", threshold.amount());
					if (threshold.product() != null) {
						data.put("product", threshold.product());
						data.put("units_left_below", threshold.units());
					}
					webhooks.add(Map.entry(WebhookTopic.BALANCE_LOW, data));
				}
			}
			if (changed.availableBefore().signum() > 0 && changed.availableAfter().signum() <= 0) {
				webhooks.add(Map.entry(WebhookTopic.BALANCE_DEPLETED, balance(changed)));
			}
		}
		else if (event instanceof LedgerEvent.TopUpCredited credited) {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("customer", credited.customer());
			data.put("payment_reference", credited.topUp().grant().reference());
			data.put("asset", credited.topUp().grant().asset());
			data.put("amount", credited.topUp().grant().amount());
			webhooks.add(Map.entry(WebhookTopic.TOPUP_SUCCEEDED, data));
		}
		else if (event instanceof LedgerEvent.AdjustmentRecorded recorded) {
			Adjustment adjustment = recorded.adjustment();
			boolean refund = adjustment.reason() == AdjustmentReason.REFUND
					|| adjustment.reason() == AdjustmentReason.TOPUP_REFUND;
			webhooks.add(Map.entry(refund ? WebhookTopic.REFUND_CREATED : WebhookTopic.ADJUSTMENT_CREATED,
					adjustment(adjustment)));
		}
		else if (event instanceof LedgerEvent.SubscriptionChanged changed) {
			webhooks.add(Map.entry(subscriptionTopic(changed.change()), subscription(changed)));
		}
		else if (event instanceof LedgerEvent.HoldEnded ended && ended.status() == HoldStatus.EXPIRED) {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("customer", ended.customer());
			data.put("hold_id", ended.holdId().toString());
			webhooks.add(Map.entry(WebhookTopic.HOLD_EXPIRED, data));
		}
		return webhooks;
	}

	private void write(String id, WebhookTopic topic, String customer, Map<String, Object> data,
			List<WebhookDestination> wanting) {
		Instant now = this.clock.instant();
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("id", id);
		envelope.put("type", topic.wireName());
		envelope.put("created", now.getEpochSecond());
		envelope.put("live_mode", this.liveMode.getAsBoolean());
		envelope.put("data", data);
		KeyHolder key = new GeneratedKeyHolder();
		this.jdbc.update((connection) -> {
			var statement = connection.prepareStatement(INSERT_EVENT, new String[] { "seq" });
			statement.setString(1, id);
			statement.setString(2, topic.wireName());
			statement.setString(3, customer);
			statement.setString(4, WebhookJson.write(envelope));
			statement.setObject(5, time(now));
			return statement;
		}, key);
		long seq = ((Number) java.util.Objects.requireNonNull(key.getKeys()).get("seq")).longValue();
		List<Object[]> deliveries = new ArrayList<>();
		for (WebhookDestination destination : wanting) {
			deliveries.add(new Object[] { seq, destination.name(), customer, time(now) });
		}
		this.jdbc.batchUpdate(INSERT_DELIVERY, deliveries);
	}

	private static WebhookTopic subscriptionTopic(String change) {
		return switch (change) {
			case "activated" -> WebhookTopic.SUBSCRIPTION_ACTIVATED;
			case "renewed" -> WebhookTopic.SUBSCRIPTION_RENEWED;
			case "past_due" -> WebhookTopic.SUBSCRIPTION_PAST_DUE;
			case "canceled" -> WebhookTopic.SUBSCRIPTION_CANCELED;
			default -> WebhookTopic.SUBSCRIPTION_UPDATED;
		};
	}

	private static Map<String, Object> subscription(LedgerEvent.SubscriptionChanged changed) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("customer", changed.customer());
		data.put("subscription_id", changed.subscriptionId().toString());
		data.put("plan", changed.plan());
		data.put("status", changed.status().toLowerCase(java.util.Locale.ROOT));
		data.put("change", changed.change());
		data.put("current_period_end", changed.periodEnd());
		data.put("next_plan", changed.nextPlan());
		data.put("failure_reason", changed.failureReason());
		return data;
	}

	private static Map<String, Object> balance(LedgerEvent.BalanceChanged changed) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("customer", changed.customer());
		data.put("asset", changed.asset());
		data.put("available", changed.availableAfter());
		data.put("available_before", changed.availableBefore());
		return data;
	}

	private static Map<String, Object> usage(UsageRecord usage) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("customer", usage.customer());
		data.put("usage_event_id", usage.id());
		data.put("product", usage.product());
		data.put("quantity", usage.quantity());
		data.put("dimensions", usage.dimensions());
		data.put("asset", usage.asset());
		data.put("fee", usage.fee());
		data.put("entitled_units", usage.entitledUnits());
		data.put("recorded_at", usage.recordedAt());
		return data;
	}

	private static Map<String, Object> adjustment(Adjustment adjustment) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("customer", adjustment.customer());
		data.put("adjustment_id", adjustment.id().toString());
		data.put("reason", adjustment.reason().name().toLowerCase(java.util.Locale.ROOT));
		data.put("asset", adjustment.asset());
		data.put("amount", adjustment.amount());
		data.put("reference", adjustment.reference());
		data.put("note", adjustment.note());
		data.put("by", adjustment.actor());
		return data;
	}

	static @Nullable OffsetDateTime time(@Nullable Instant instant) {
		return (instant != null) ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : null;
	}

}
