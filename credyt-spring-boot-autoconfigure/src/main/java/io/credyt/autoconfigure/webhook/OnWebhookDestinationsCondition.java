package io.credyt.autoconfigure.webhook;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when at least one {@code credyt.webhooks.destinations.<name>} is configured: an
 * application without destinations runs no outbox and no delivery threads.
 */
class OnWebhookDestinationsCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> destinations = Binder.get(context.getEnvironment())
			.bind("credyt.webhooks.destinations", Bindable.mapOf(String.class, Object.class))
			.orElse(Map.of());
		return destinations.isEmpty() ? ConditionOutcome.noMatch("no credyt.webhooks.destinations")
				: ConditionOutcome.match("credyt.webhooks.destinations " + destinations.keySet());
	}

}
