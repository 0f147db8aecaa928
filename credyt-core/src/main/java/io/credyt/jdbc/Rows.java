package io.credyt.jdbc;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.RowMapper;

import io.credyt.ledger.FeeSplit;
import io.credyt.ledger.Hold;
import io.credyt.ledger.HoldStatus;
import io.credyt.ledger.UsageRecord;
import io.credyt.money.Money;

/**
 * Conversions between Java values and the store's columns, shared by the ledger's statements.
 */
final class Rows {

	private Rows() {
	}

	static @Nullable OffsetDateTime time(@Nullable Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

	static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		if (value == null) {
			throw new IllegalStateException("Column " + column + " is null");
		}
		return value.toInstant();
	}

	static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	static @Nullable Instant nullableInstant(ResultSet rs, int column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	static BigDecimal amount(ResultSet rs, String column) throws SQLException {
		BigDecimal value = rs.getBigDecimal(column);
		return (value != null) ? value.setScale(Money.SCALE) : Money.zero();
	}

	static UUID uuid(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, UUID.class);
	}

	static @Nullable UUID nullableUuid(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, UUID.class);
	}

	/**
	 * Encodes dimensions as {@code name=value&name=value}, sorted by name, each part URL-encoded
	 * so any character survives.
	 */
	static String encode(Map<String, String> dimensions) {
		StringBuilder encoded = new StringBuilder();
		new TreeMap<>(dimensions).forEach((name, value) -> {
			if (!encoded.isEmpty()) {
				encoded.append('&');
			}
			encoded.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
				.append('=')
				.append(URLEncoder.encode(value, StandardCharsets.UTF_8));
		});
		return encoded.toString();
	}

	static Map<String, String> decode(@Nullable String encoded) {
		if (encoded == null || encoded.isEmpty()) {
			return Map.of();
		}
		Map<String, String> dimensions = new TreeMap<>();
		for (String pair : encoded.split("&")) {
			int equals = pair.indexOf('=');
			dimensions.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
					URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
		}
		return Collections.unmodifiableMap(dimensions);
	}

	/**
	 * What makes two submissions of one usage event id "the same payload": customer, product,
	 * quantity (numerically) and dimensions. The time is not part of it: a retry sent later is
	 * still the same event.
	 */
	static String fingerprint(String customer, String product, BigDecimal quantity, Map<String, String> dimensions) {
		String canonical = customer + '\n' + product + '\n' + quantity.stripTrailingZeros().toPlainString() + '\n'
				+ encode(dimensions);
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(canonical.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by the Java platform", ex);
		}
	}

	/** A hold row joined with its customer's {@code external_id}. */
	static final RowMapper<Hold> HOLD = (rs, row) -> new Hold(uuid(rs, "id"), rs.getString("external_id"),
			rs.getString("product"), rs.getString("asset"), amount(rs, "quantity"), decode(rs.getString("dimensions")),
			amount(rs, "entitled_units"), amount(rs, "amount"), HoldStatus.valueOf(rs.getString("status")),
			instant(rs, "created_at"), instant(rs, "expires_at"), nullableInstant(rs, "ended_at"),
			rs.getString("usage_event_id"));

	/** A usage event row joined with its customer's {@code external_id}. */
	static final RowMapper<UsageRecord> USAGE = (rs, row) -> usage(rs, rs.getString("external_id"));

	static UsageRecord usage(ResultSet rs, String externalId) throws SQLException {
		return new UsageRecord(rs.getString("id"), externalId, rs.getString("product"), amount(rs, "quantity"),
				decode(rs.getString("dimensions")), instant(rs, "occurred_at"), instant(rs, "recorded_at"),
				rs.getString("asset"), amount(rs, "entitled_units"), amount(rs, "fee"),
				new FeeSplit(amount(rs, "fee_promotional"), amount(rs, "fee_bundled"), amount(rs, "fee_paid"),
						amount(rs, "fee_unfunded")),
				amount(rs, "cost"), nullableUuid(rs, "hold_id"));
	}

}
