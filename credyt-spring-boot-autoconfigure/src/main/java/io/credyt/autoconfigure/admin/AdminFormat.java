package io.credyt.autoconfigure.admin;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import io.credyt.catalog.Catalog;
import io.credyt.catalog.SubscriptionPlan;
import io.credyt.catalog.UnknownAssetException;
import io.credyt.money.Asset;
import io.credyt.money.Money;
import io.credyt.subscription.Subscription;

/**
 * How the dashboard shows values ({@code ${fmt.money(amount, asset)}} in its templates). Amounts
 * are exact: an operator sees $0.000003 where a customer's view would round, and never a rounded
 * figure that hides a difference. Times are in UTC.
 */
public final class AdminFormat {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private static final String NONE = "—";

	private final Catalog catalog;

	AdminFormat(Catalog catalog) {
		this.catalog = catalog;
	}

	/**
	 * An amount with its asset's symbol or label, with at least the asset's precision and as many
	 * more digits as it has: {@code $4.50}, {@code $0.000003}, {@code 450 credits}.
	 * @param amount the amount, or {@code null}
	 * @param assetCode the asset's code
	 * @return the formatted amount
	 */
	public String money(@Nullable BigDecimal amount, String assetCode) {
		if (amount == null) {
			return NONE;
		}
		Asset asset;
		try {
			asset = this.catalog.asset(assetCode);
		}
		catch (UnknownAssetException ex) {
			return plain(amount) + " " + assetCode;
		}
		BigDecimal exact = amount.stripTrailingZeros();
		if (exact.scale() <= asset.precision()) {
			return asset.format(amount, Money.PRICE_DISPLAY);
		}
		String sign = (exact.signum() < 0) ? "-" : "";
		String digits = exact.abs().toPlainString();
		return asset.symbol().isEmpty() ? sign + digits + " " + asset.label() : sign + asset.symbol() + digits;
	}

	/**
	 * An amount in the base currency, such as a usage's vendor cost.
	 * @param amount the amount, or {@code null}
	 * @return the formatted amount
	 */
	public String base(@Nullable BigDecimal amount) {
		return money(amount, Asset.USD.code());
	}

	/**
	 * A quantity without trailing zeros: {@code 2}, {@code 1.5}.
	 * @param quantity the quantity
	 * @return the formatted quantity
	 */
	public String quantity(@Nullable BigDecimal quantity) {
		return (quantity != null) ? plain(quantity) : NONE;
	}

	/**
	 * A time in UTC to the second: {@code 2025-01-15 10:00:00 UTC}.
	 * @param instant the time, or {@code null}
	 * @return the formatted time, or a dash
	 */
	public String time(@Nullable Instant instant) {
		return (instant != null) ? TIME.format(instant) : NONE;
	}

	/**
	 * A time as an HTML {@code datetime} attribute.
	 * @param instant the time, or {@code null}
	 * @return the ISO-8601 time, or an empty string
	 */
	public String iso(@Nullable Instant instant) {
		return (instant != null) ? instant.toString() : "";
	}

	/**
	 * Dimension values sorted by name: {@code quality=hd, size=large}.
	 * @param dimensions the values
	 * @return the formatted values, or a dash when there are none
	 */
	public String dimensions(@Nullable Map<String, String> dimensions) {
		if (dimensions == null || dimensions.isEmpty()) {
			return NONE;
		}
		return new TreeMap<>(dimensions).entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + entry.getValue())
			.collect(Collectors.joining(", "));
	}

	/**
	 * A value, or a dash when there is none.
	 * @param value the value
	 * @return the text
	 */
	public String text(@Nullable Object value) {
		return (value != null && !value.toString().isBlank()) ? value.toString() : NONE;
	}

	/**
	 * A plan's name, or its code when the catalog no longer declares it.
	 * @param code the plan's code, or {@code null}
	 * @return the name, or a dash
	 */
	public String plan(@Nullable String code) {
		if (code == null) {
			return NONE;
		}
		return this.catalog.findPlan(code).map(SubscriptionPlan::name).orElse(code);
	}

	/**
	 * Where a subscription stands, as the dashboard says it: "Active", "Cancelling" (active, ending
	 * at the period's end), "Past due", "Incomplete" or "Canceled".
	 * @param subscription the subscription
	 * @return the label
	 */
	public String status(Subscription subscription) {
		return switch (subscription.status()) {
			case ACTIVE -> subscription.cancelAtPeriodEnd() ? "Cancelling" : "Active";
			case PAST_DUE -> "Past due";
			case INCOMPLETE -> "Incomplete";
			case CANCELED -> "Canceled";
		};
	}

	private static String plain(BigDecimal value) {
		BigDecimal stripped = value.stripTrailingZeros();
		return ((stripped.scale() < 0) ? stripped.setScale(0) : stripped).toPlainString();
	}

}
