package io.credyt.money;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.credyt.InvalidRequestException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The one parser of amounts and quantities from outside, and the limits every amount is held to:
 * numbers the ledger cannot hold are refused from their precision and scale, never expanded, and
 * a refusal quotes only the start of what was sent.
 */
class MoneyTests {

	/** Longer than any refusal of a number needs to be, far shorter than an expanded attack. */
	private static final int LONGEST_MESSAGE = 200;

	@ParameterizedTest
	@ValueSource(strings = { "1e999999999", "1e2147483647", "1e-39999999", "-1e999999999", "1E+2147483647",
			"1e-2147483648", "0e999999999", "5e0", "NaN", "Infinity", "-Infinity", "1_000", "1,000.00", "0x10",
			"12.50 USD", "$5", "١٢", "1.2.3", ".", "-", "+", "--5", "5-" })
	void textThatIsNotAPlainDecimalIsRefusedWithAShortMessage(String text) {
		assertRefused(() -> Money.parse(text, "amount"), "amount");
		assertRefused(() -> Money.parseQuantity(text, "quantity"), "quantity");
	}

	@Test
	void textLongerThanAnyAmountIsRefusedWithoutBeingQuoted() {
		String huge = "1" + "0".repeat(1_000_000);
		assertRefused(() -> Money.parse(huge, "amount"), "amount");
		String precise = "0." + "0".repeat(1_000_000) + "1";
		assertRefused(() -> Money.parse(precise, "amount"), "amount");
	}

	@ParameterizedTest
	@ValueSource(strings = { "100000000000000000000", "-100000000000000000000", "123456789012345678901.5",
			"0.0000000000001", "1.0000000000001" })
	void plainDecimalsOutsideTheLedgersLimitsAreRefused(String text) {
		assertRefused(() -> Money.parse(text, "amount"), "amount");
	}

	@Test
	void plainDecimalsWithinTheLimitsAreReadAsWritten() {
		assertThat(Money.parse("12.50", "amount")).isEqualTo(new BigDecimal("12.50"));
		assertThat(Money.parse(" 5 ", "amount")).isEqualTo(new BigDecimal("5"));
		assertThat(Money.parse(".5", "amount")).isEqualTo(new BigDecimal("0.5"));
		assertThat(Money.parse("-3.", "amount")).isEqualTo(new BigDecimal("-3"));
		assertThat(Money.parse("+0.000000000001", "amount")).isEqualTo(Money.smallestUnit());
		assertThat(Money.parse("99999999999999999999.999999999999", "amount"))
			.isEqualTo(new BigDecimal("99999999999999999999.999999999999"));
		assertThat(Money.parse("1.50000000000000000000", "amount")).isEqualByComparingTo("1.5");
		assertThat(Money.parse("0", "amount")).isEqualByComparingTo("0");
	}

	@Test
	void quantitiesAreHeldToTheQuantityLimit() {
		assertThat(Money.parseQuantity("1000000000000000", "quantity")).isEqualByComparingTo(Money.MAX_QUANTITY);
		assertThat(Money.parseQuantity("0.000000000001", "quantity")).isEqualByComparingTo(Money.smallestUnit());
		assertRefused(() -> Money.parseQuantity("1000000000000000.000000000001", "quantity"), "quantity");
		assertRefused(() -> Money.parseQuantity("0.0000000000001", "quantity"), "quantity");
	}

	@Test
	void amountsBuiltInCodeAreCheckedWithoutBeingExpanded() {
		for (String attack : new String[] { "1e999999999", "1e-999999999", "-1e2147483647", "1e-2147483647" }) {
			BigDecimal amount = new BigDecimal(attack);
			assertRefused(() -> Money.exact(amount, "amount"), "amount");
			assertRefused(() -> Money.positive(amount, "amount"), "amount");
			assertRefused(() -> Money.checked(amount, "amount"), "amount");
			assertRefused(() -> Money.quantity(amount, "quantity"), "quantity");
		}
		assertThat(Money.exact(new BigDecimal("0e999999999"), "amount")).isEqualTo(Money.zero());
		assertThat(Money.exact(new BigDecimal("0e-999999999"), "amount")).isEqualTo(Money.zero());
		assertThat(Money.exact(new BigDecimal("1.5000000000000000000000"), "amount"))
			.isEqualTo(new BigDecimal("1.500000000000"));
	}

	@Test
	void formatRefusesAmountsOutsideTheLedgersLimits() {
		for (String attack : new String[] { "1e-39999999", "1e999999999", "-1e2147483647", "1e20" }) {
			BigDecimal amount = new BigDecimal(attack);
			assertRefused(() -> Asset.USD.format(amount, Money.PRICE_DISPLAY), "amount");
			assertRefused(() -> Asset.custom("credits", "credits", 0, new BigDecimal("0.01"))
				.format(amount, Money.BALANCE_DISPLAY), "amount");
		}
		assertThat(Asset.USD.format(new BigDecimal("4.509"), Money.BALANCE_DISPLAY)).isEqualTo("$4.50");
		assertThat(Asset.USD.format(new BigDecimal("-0.25"), Money.PRICE_DISPLAY)).isEqualTo("-$0.25");
	}

	@Test
	void echoQuotesAtMostTheFirstCharacters() {
		assertThat(Money.echo("short")).isEqualTo("short");
		assertThat(Money.echo("x".repeat(1_000))).isEqualTo("x".repeat(Money.ECHOED) + "…");
		assertThat(Money.echo(null)).isEqualTo("null");
	}

	private static void assertRefused(Runnable call, String field) {
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(call::run).satisfies((ex) -> {
			assertThat(ex.field()).isEqualTo(field);
			assertThat(ex.getMessage()).hasSizeLessThan(LONGEST_MESSAGE);
		});
	}

}
