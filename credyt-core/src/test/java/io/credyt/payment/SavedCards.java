package io.credyt.payment;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Saving a card the way a customer does, for the tests of what is done with saved cards: a
 * checkout paid with "save card" ticked, then completed. A declining card is saved although its
 * payment fails, and completing that checkout says so.
 */
final class SavedCards {

	private SavedCards() {
	}

	/**
	 * Saves a card.
	 * @param topUps the top-up service the checkout is started with
	 * @param provider the test provider the checkout is paid at
	 * @param customer the customer
	 * @param cardNumber one of the test provider's card numbers
	 * @param amount the checkout's amount
	 * @return the saved card, as the provider names it
	 */
	static String save(TopUps topUps, TestPaymentProvider provider, String customer, String cardNumber,
			String amount) {
		Checkout checkout = topUps.start(customer, new BigDecimal(amount), "/done", "/cancel", true);
		PaymentOutcome outcome = provider.pay(checkout.sessionId(), cardNumber, true);
		if (outcome.status() == PaymentStatus.SUCCEEDED) {
			topUps.complete(checkout.sessionId());
		}
		else {
			assertThatExceptionOfType(PaymentDeclinedException.class)
				.isThrownBy(() -> topUps.complete(checkout.sessionId()));
		}
		return outcome.savedPaymentMethod();
	}

}
