package io.credyt.autoconfigure.portal;

import java.util.Locale;

import io.credyt.InvalidRequestException;
import io.credyt.subscription.SubscriptionStateException;

/**
 * Refusals worded for the customer.
 */
final class Messages {

	private Messages() {
	}

	/**
	 * A refused input as a sentence: "Amount must be at least 5.00 USD, was 1."
	 * @param ex the refusal
	 * @return the sentence
	 */
	static String of(InvalidRequestException ex) {
		String prefix = ex.field() + ": ";
		String message = ex.getMessage();
		String detail = (message != null && message.startsWith(prefix)) ? message.substring(prefix.length())
				: String.valueOf(message);
		// "a saved card is required …" reads as a sentence of its own
		String sentence = (detail.startsWith("a ") || detail.startsWith("an ")) ? capitalized(detail)
				: label(ex.field()) + " " + detail;
		return sentence.endsWith(".") ? sentence : sentence + ".";
	}

	/**
	 * A change the subscription's state does not allow, as a sentence. The portal offers only the
	 * changes the state allows, so the state changed since the page was shown (in another tab, at
	 * a renewal): the sentence says that nothing was done and where the subscription stands.
	 * @param ex the refusal
	 * @return the sentence
	 */
	static String of(SubscriptionStateException ex) {
		String state = switch (ex.status()) {
			case INCOMPLETE -> "waiting for its first payment";
			case ACTIVE -> "active";
			case PAST_DUE -> "past due";
			case CANCELED -> "cancelled";
		};
		return "Nothing was changed: your subscription is " + state + ".";
	}

	private static String label(String field) {
		return switch (field) {
			case "paymentMethod" -> "Card";
			case "idempotencyKey" -> "The form";
			default -> capitalized(field);
		};
	}

	private static String capitalized(String text) {
		return text.isEmpty() ? text : text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
	}

}
