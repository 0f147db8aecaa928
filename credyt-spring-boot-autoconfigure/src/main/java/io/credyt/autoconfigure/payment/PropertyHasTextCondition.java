package io.credyt.autoconfigure.payment;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when a property has a non-blank value. Unlike {@code @ConditionalOnProperty}, an empty
 * value counts as unset, so that {@code secret-key: ${STRIPE_SECRET_KEY:}} without the variable
 * keeps the test provider.
 */
abstract class PropertyHasTextCondition extends SpringBootCondition {

	private final String property;

	PropertyHasTextCondition(String property) {
		this.property = property;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Property with text", this.property);
		if (StringUtils.hasText(context.getEnvironment().getProperty(this.property))) {
			return ConditionOutcome.match(message.found("property").items(this.property));
		}
		return ConditionOutcome.noMatch(message.didNotFind("property with text").items(this.property));
	}

	static final class StripeSecretKey extends PropertyHasTextCondition {

		StripeSecretKey() {
			super(CredytPaymentsAutoConfiguration.STRIPE_SECRET_KEY);
		}

	}

	static final class StripeWebhookSecret extends PropertyHasTextCondition {

		StripeWebhookSecret() {
			super(CredytPaymentsAutoConfiguration.STRIPE_WEBHOOK_SECRET);
		}

	}

}
