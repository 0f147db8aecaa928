package io.credyt.autoconfigure.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.credyt.catalog.Catalog;
import io.credyt.catalog.Product;
import io.credyt.catalog.SubscriptionPlan;
import io.credyt.catalog.UnknownProductException;
import io.credyt.ledger.Balance;
import io.credyt.ledger.Entitlement;
import io.credyt.subscription.Subscription;
import io.credyt.subscription.SubscriptionStatus;
import io.credyt.subscription.Subscriptions;

/**
 * The signed-in customer's plan, ready for a view: {@code ${credyt.plan.name}} is "Pro",
 * {@code ${credyt.plan.left('image')}} is 143, {@code ${credyt.plan.text}} is
 * "Pro · 143 of 200 images left · renews 1 Jan". Shown for a subscription that is active or past
 * due; a past-due one has no allowance until its fee is paid ("Pro · payment failed"). Units are
 * whole units, rounded down; dates are UTC days.
 */
public final class PlanView {

	/** How a renewal or end date is shown: "1 Jan". */
	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private static final String SEPARATOR = " · ";

	private final String code;

	private final String name;

	private final SubscriptionStatus status;

	private final boolean cancelling;

	private final @Nullable Instant periodEnd;

	private final List<Allowance> allowances;

	private PlanView(String code, String name, SubscriptionStatus status, boolean cancelling,
			@Nullable Instant periodEnd, List<Allowance> allowances) {
		this.code = code;
		this.name = name;
		this.status = status;
		this.cancelling = cancelling;
		this.periodEnd = periodEnd;
		this.allowances = List.copyOf(allowances);
	}

	/**
	 * The view of a customer's subscription.
	 * @param subscription the customer's subscription, or {@code null}
	 * @param balance the customer's balance, whose entitlements hold the plan's allowance
	 * @param catalog the catalog, with the plan and its products
	 * @return the view, or {@code null} when the subscription is neither active nor past due
	 */
	static @Nullable PlanView of(@Nullable Subscription subscription, @Nullable Balance balance, Catalog catalog) {
		if (subscription == null || (subscription.status() != SubscriptionStatus.ACTIVE
				&& subscription.status() != SubscriptionStatus.PAST_DUE)) {
			return null;
		}
		SubscriptionPlan plan = catalog.findPlan(subscription.plan()).orElse(null);
		List<Allowance> allowances = new ArrayList<>();
		if (plan != null) {
			plan.entitlements().forEach((product, included) -> {
				Product definition;
				try {
					definition = catalog.product(product);
				}
				catch (UnknownProductException ex) {
					return;
				}
				BigDecimal left = BigDecimal.ZERO;
				if (balance != null && subscription.active()) {
					for (Entitlement entitlement : balance.entitlements()) {
						if (entitlement.product().equals(product)
								&& Subscriptions.isAllowanceOf(entitlement.reference(), subscription.id())) {
							left = left.add(entitlement.remaining());
						}
					}
				}
				allowances.add(new Allowance(product, definition.unit(), definition.unitPlural(), whole(left),
						whole(included)));
			});
		}
		// a plan since removed from the configuration is still the customer's: shown by its code
		String name = (plan != null) ? plan.name() : subscription.plan();
		return new PlanView(subscription.plan(), name, subscription.status(), subscription.cancelAtPeriodEnd(),
				subscription.periodEnd(), allowances);
	}

	private static long whole(BigDecimal units) {
		return (units.signum() <= 0) ? 0 : units.setScale(0, RoundingMode.FLOOR).longValue();
	}

	/** @return the plan's code, e.g. {@code pro} */
	public String getCode() {
		return this.code;
	}

	/** @return the plan's name, e.g. "Pro" */
	public String getName() {
		return this.name;
	}

	/** @return where the subscription stands: active or past due */
	public SubscriptionStatus getStatus() {
		return this.status;
	}

	/** @return whether the plan's fee could not be collected at renewal (no allowance until it is) */
	public boolean isPastDue() {
		return this.status == SubscriptionStatus.PAST_DUE;
	}

	/** @return whether the subscription ends at the period's end instead of renewing */
	public boolean isCancelling() {
		return this.status == SubscriptionStatus.ACTIVE && this.cancelling;
	}

	/** @return when the plan renews, or {@code null} when it does not (cancelling, past due) */
	public @Nullable Instant getRenewsAt() {
		return (this.status == SubscriptionStatus.ACTIVE && !this.cancelling) ? this.periodEnd : null;
	}

	/** @return when the plan ends, for a subscription cancelled at the period's end, else {@code null} */
	public @Nullable Instant getEndsAt() {
		return isCancelling() ? this.periodEnd : null;
	}

	/** @return the units each product of the plan includes, in declared order */
	public List<Allowance> getAllowances() {
		return this.allowances;
	}

	/**
	 * Units of a product left of this period's allowance.
	 * @param product the product code
	 * @return the whole units left, 0 when the plan includes none (or is past due)
	 */
	public long left(String product) {
		return allowance(product).map(Allowance::left).orElse(0L);
	}

	/**
	 * Units of a product the plan includes each period.
	 * @param product the product code
	 * @return the whole units, 0 when the plan includes none
	 */
	public long included(String product) {
		return allowance(product).map(Allowance::included).orElse(0L);
	}

	/**
	 * The plan in one line, with every product it includes: "Pro · 143 of 200 images left · renews
	 * 1 Jan", "Pro · 143 of 200 images left · ends 1 Jan" when cancelling, "Pro · payment failed"
	 * when past due.
	 * @return the text
	 */
	public String getText() {
		List<String> parts = new ArrayList<>();
		for (Allowance allowance : this.allowances) {
			parts.add(allowance.text());
		}
		return text(parts);
	}

	/**
	 * The plan in one line, with one product: "Pro · 143 of 200 images left · renews 1 Jan".
	 * @param product the product code
	 * @return the text; without a units part when the plan includes none of the product
	 */
	public String text(String product) {
		return text(allowance(product).map((allowance) -> List.of(allowance.text())).orElse(List.of()));
	}

	private String text(List<String> units) {
		if (isPastDue()) {
			return this.name + SEPARATOR + "payment failed";
		}
		StringBuilder text = new StringBuilder(this.name);
		units.forEach((part) -> text.append(SEPARATOR).append(part));
		if (this.periodEnd != null) {
			text.append(SEPARATOR).append(isCancelling() ? "ends " : "renews ").append(DAY.format(this.periodEnd));
		}
		return text.toString();
	}

	private Optional<Allowance> allowance(String product) {
		return this.allowances.stream().filter((allowance) -> allowance.product().equals(product)).findFirst();
	}

	@Override
	public String toString() {
		return getText();
	}

	/**
	 * What a plan includes of one product, and what is left of it this period.
	 *
	 * @param product the product code
	 * @param unit the unit's singular label
	 * @param units the unit's plural label
	 * @param left whole units left this period
	 * @param included whole units included each period
	 */
	public record Allowance(String product, String unit, String units, long left, long included) {

		/**
		 * @return e.g. "143 of 200 images left" (the label agrees with the units included)
		 */
		public String text() {
			return this.left + " of " + this.included + " " + ((this.included == 1) ? this.unit : this.units) + " left";
		}

	}

}
