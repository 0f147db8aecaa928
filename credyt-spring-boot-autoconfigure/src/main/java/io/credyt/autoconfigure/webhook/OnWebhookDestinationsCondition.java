package io.credyt.autoconfigure.webhook;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when at least one {@code credyt.webhooks.destinations.<name>} is configured, or when
 * {@code credyt.webhooks.enabled=true} is set (destinations added in the dashboard only): an
 * application without either runs no outbox and no delivery threads.
 */
class OnWebhookDestinationsCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> destinations = Binder.get(context.getEnvironment())
			.bind("credyt.webhooks.destinations", Bindable.mapOf(String.class, Object.class))
			.orElse(Map.of());
		if (!destinations.isEmpty()) {
			return ConditionOutcome.match("credyt.webhooks.destinations " + destinations.keySet());
		}
		boolean enabled = Binder.get(context.getEnvironment()).bind("credyt.webhooks.enabled", Boolean.class).orElse(false);
		return enabled ? ConditionOutcome.match("credyt.webhooks.enabled=true")
				: ConditionOutcome.noMatch("no credyt.webhooks.destinations, and credyt.webhooks.enabled not set");
	}

}
