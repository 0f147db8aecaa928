package io.credyt.autoconfigure.subscription;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when at least one plan is declared under {@code credyt.plans}. */
final class OnPlansDeclaredCondition implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return Binder.get(context.getEnvironment())
			.bind("credyt.plans", Bindable.mapOf(String.class, Object.class))
			.map((plans) -> !plans.isEmpty())
			.orElse(false);
	}

}
