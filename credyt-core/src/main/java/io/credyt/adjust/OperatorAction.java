package io.credyt.adjust;

import io.credyt.InvalidRequestException;

/**
 * Who does an operator action, why, and the key that makes it happen once: the same key sent
 * again (a double click, a retried request) returns the first action's result and changes nothing
 * more.
 *
 * @param idempotencyKey identifies the action across retries, 1 to 255 characters
 * @param operator who does it (the operator's principal name), 1 to 255 characters
 * @param reason why, shown in the dashboard and kept with the adjustment, 1 to 1024 characters
 */
public record OperatorAction(String idempotencyKey, String operator, String reason) {

	/** The longest reason kept. */
	public static final int MAX_REASON = 1024;

	public OperatorAction {
		InvalidRequestException.requireText(idempotencyKey, "idempotencyKey", 255);
		InvalidRequestException.requireText(operator, "operator", 255);
		InvalidRequestException.requireText(reason, "reason", MAX_REASON);
	}

}
