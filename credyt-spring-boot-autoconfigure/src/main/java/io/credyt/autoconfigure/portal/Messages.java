package io.credyt.autoconfigure.portal;

import java.util.Locale;

import io.credyt.InvalidRequestException;

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
		String sentence = label(ex.field()) + " " + detail;
		return sentence.endsWith(".") ? sentence : sentence + ".";
	}

	private static String label(String field) {
		return switch (field) {
			case "paymentMethod" -> "Card";
			case "idempotencyKey" -> "The form";
			default -> field.isEmpty() ? field : field.substring(0, 1).toUpperCase(Locale.ROOT) + field.substring(1);
		};
	}

}
