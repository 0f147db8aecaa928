package io.credyt.autoconfigure.admin;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Whether the dashboard is on: as {@code credyt.admin.enabled} says when it is set, else only
 * when Spring Security's web support is on the class path to protect it.
 */
final class OnAdminEnabledCondition extends SpringBootCondition {

	static final String PROPERTY = "credyt.admin.enabled";

	static final String HTTP_SECURITY = "org.springframework.security.config.annotation.web.builders.HttpSecurity";

	static final String SECURITY_FILTER_CHAIN = "org.springframework.security.web.SecurityFilterChain";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Credyt operator dashboard");
		Boolean enabled = context.getEnvironment().getProperty(PROPERTY, Boolean.class);
		if (enabled != null) {
			return new ConditionOutcome(enabled, message.because(PROPERTY + " is " + enabled));
		}
		if (securityPresent(context.getClassLoader())) {
			return ConditionOutcome.match(message.because("Spring Security is on the class path"));
		}
		return ConditionOutcome
			.noMatch(message.because("Spring Security is not on the class path and " + PROPERTY + " is not set"));
	}

	static boolean securityPresent(@Nullable ClassLoader classLoader) {
		return ClassUtils.isPresent(HTTP_SECURITY, classLoader)
				&& ClassUtils.isPresent(SECURITY_FILTER_CHAIN, classLoader);
	}

	/**
	 * Matches when Spring Security's web support is missing: the dashboard, if on, is then open
	 * to anyone.
	 */
	static final class SecurityAbsent extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ConditionMessage.Builder message = ConditionMessage.forCondition("Spring Security web support");
			if (securityPresent(context.getClassLoader())) {
				return ConditionOutcome.noMatch(message.found("class").items(HTTP_SECURITY, SECURITY_FILTER_CHAIN));
			}
			return ConditionOutcome.match(message.didNotFind("class").items(HTTP_SECURITY, SECURITY_FILTER_CHAIN));
		}

	}

}
