package io.credyt.payment;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.credyt.InvalidRequestException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The top-up policy accepts amounts within its bounds in whole cents and names the amount when
 * it refuses one; a policy that contradicts itself cannot be built.
 */
class TopUpPolicyTests {

	private final TopUpPolicy policy = TopUpPolicy.of("USD", "USD", "5.00", "500.00", "10", "25", "50");

	@ParameterizedTest
	@ValueSource(strings = { "5", "5.00", "5.50", "123.4", "500", "500.000" })
	void amountWithinTheBoundsInWholeCentsIsAccepted(String amount) {
		assertThat(this.policy.validate(new BigDecimal(amount))).isEqualByComparingTo(amount);
	}

	@Test
	void amountBelowTheMinimumIsRefused() {
		assertRefused("4.99", "at least 5.00 USD");
	}

	@Test
	void amountAboveTheMaximumIsRefused() {
		assertRefused("500.01", "at most 500.00 USD");
	}

	@Test
	void zeroOrNegativeAmountIsRefused() {
		assertRefused("0", "positive");
		assertRefused("-10", "positive");
	}

	@Test
	void amountFinerThanACentIsRefused() {
		assertRefused("10.005", "at most 2 decimal places");
	}

	@Test
	void missingAmountIsRefused() {
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> this.policy.validate(null))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("amount"));
	}

	@Test
	void currencyWithoutMinorUnitsRefusesFractions() {
		TopUpPolicy yen = TopUpPolicy.of("JPY", "JPY", "500", "100000");
		assertThat(yen.validate(new BigDecimal("1000"))).isEqualByComparingTo("1000");
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> yen.validate(new BigDecimal("1000.5")));
		assertThat(yen.currencyDigits()).isZero();
		assertThat(TopUpPolicy.of("USD", "USD", "5", "500").currencyDigits()).isEqualTo(2);
	}

	@Test
	void policyThatContradictsItselfCannotBeBuilt() {
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> TopUpPolicy.of("USD", "USD", "0", "100"));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> TopUpPolicy.of("USD", "USD", "10", "5"));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> TopUpPolicy.of("USD", "USD", "5", "100", "1000"))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("topUp.presets"));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> TopUpPolicy.of("USD", "dollars", "5", "100"))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("topUp.currency"));
	}

	@Test
	void presetsAreKeptInOrder() {
		assertThat(this.policy.presets()).extracting(BigDecimal::toPlainString).containsExactly("10", "25", "50");
	}

	private void assertRefused(String amount, String why) {
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> this.policy.validate(new BigDecimal(amount)))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("amount"))
			.withMessageContaining(why);
	}

}
