package io.credyt.autoconfigure;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.aop.config.AopConfigUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

import io.credyt.InvalidRequestException;
import io.credyt.annotation.BillableAdvisor;
import io.credyt.annotation.BillableInterceptor;
import io.credyt.annotation.CustomerResolver;
import io.credyt.autoconfigure.jdbc.CredytJdbcAutoConfiguration;
import io.credyt.catalog.Catalog;
import io.credyt.catalog.Product;
import io.credyt.catalog.UnknownProductException;
import io.credyt.ledger.EntitlementPeriod;
import io.credyt.ledger.EntitlementRequest;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.Onboarding;
import io.credyt.ledger.SignupAllowances;
import io.credyt.money.Money;

/**
 * Credyt's core: the {@link Catalog} that {@code credyt.assets} and {@code credyt.products}
 * declare and, given a {@link Ledger} (the JDBC one, or the application's own), sign-up
 * allowances, the hold sweeper and {@code @Billable} billing. With Spring Security, the customer
 * a {@code @Billable} call bills is the signed-in user.
 */
@AutoConfiguration(after = CredytJdbcAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "credyt.enabled", matchIfMissing = true)
@EnableConfigurationProperties(CredytProperties.class)
public final class CredytAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Catalog credytCatalog(CredytProperties properties) {
		return CatalogFactory.create(properties);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(Ledger.class)
	static class LedgerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		Onboarding credytOnboarding(Ledger ledger, CredytProperties properties) {
			return new SignupAllowances(ledger, signupAllowances(ledger.catalog(), properties));
		}

		@Bean
		@ConditionalOnMissingBean
		HoldSweeper credytHoldSweeper(Ledger ledger, ObjectProvider<Clock> clock, CredytProperties properties) {
			CredytProperties.Holds holds = properties.getHolds();
			if (holds.getSweepInterval().isNegative() || holds.getSweepInterval().isZero()) {
				throw new InvalidConfigurationPropertyValueException("credyt.holds.sweep-interval",
						holds.getSweepInterval(), "must be positive");
			}
			if (holds.getSweepBatchSize() < 1) {
				throw new InvalidConfigurationPropertyValueException("credyt.holds.sweep-batch-size",
						holds.getSweepBatchSize(), "must be at least 1");
			}
			return new HoldSweeper(ledger, clock.getIfAvailable(Clock::systemUTC), holds.getSweepInterval(),
					holds.getSweepBatchSize());
		}

		private static List<EntitlementRequest> signupAllowances(Catalog catalog, CredytProperties properties) {
			List<EntitlementRequest> allowances = new ArrayList<>();
			for (Map.Entry<String, BigDecimal> entitlement : properties.getSignup().getEntitlements().entrySet()) {
				String product = entitlement.getKey();
				BigDecimal units = entitlement.getValue();
				String name = CatalogFactory.name("credyt.signup.entitlements", product);
				try {
					catalog.product(product);
				}
				catch (UnknownProductException ex) {
					throw new InvalidConfigurationPropertyValueException(name, units,
							"unknown product '" + product + "'; declared: " + productCodes(catalog), ex);
				}
				try {
					Money.quantity(units, "units");
				}
				catch (InvalidRequestException ex) {
					throw new InvalidConfigurationPropertyValueException(name, units, ex.getMessage(), ex);
				}
				if (units.signum() <= 0) {
					throw new InvalidConfigurationPropertyValueException(name, units,
							"the number of free units must be positive");
				}
				allowances.add(new EntitlementRequest(product, units, EntitlementPeriod.ONCE, null, null, null));
			}
			return allowances;
		}

		private static List<String> productCodes(Catalog catalog) {
			return catalog.products().stream().map(Product::code).sorted().toList();
		}

	}

	/**
	 * {@code @Billable}: the interceptor and the advisor that applies it, both infrastructure so
	 * that Spring's infrastructure auto-proxy creator (the one {@code @EnableTransactionManagement}
	 * and Boot without AspectJ use, and the one registered here when none exists) picks them up.
	 * Neither creates the ledger early: the advisor is fetched while post-processors are still
	 * being registered, so the ledger comes in lazily.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(Ledger.class)
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@Import(BillableAutoProxyRegistrar.class)
	static class BillableConfiguration {

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		@ConditionalOnMissingBean
		static BillableInterceptor billableInterceptor(@Lazy Ledger ledger,
				ObjectProvider<CustomerResolver> customerResolver, ObjectProvider<Onboarding> onboarding) {
			return new BillableInterceptor(ledger, customerResolver, onboarding);
		}

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		@ConditionalOnMissingBean
		static BillableAdvisor billableAdvisor(BillableInterceptor billableInterceptor, Environment environment) {
			// bound from the environment, not CredytProperties: that bean would be created too early
			int order = Binder.get(environment).bind("credyt.billable.order", Integer.class).orElse(0);
			return new BillableAdvisor(billableInterceptor, order);
		}

	}

	/**
	 * Makes sure an auto-proxy creator exists, so that {@code @Billable} works without AspectJ,
	 * without {@code @EnableTransactionManagement} and with {@code spring.aop.auto=false}. It never
	 * replaces a more capable one (an AspectJ one, say).
	 */
	static class BillableAutoProxyRegistrar implements ImportBeanDefinitionRegistrar {

		@Override
		public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
			AopConfigUtils.registerAutoProxyCreatorIfNecessary(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SecurityContextHolder.class)
	static class SpringSecurityConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CustomerResolver credytCustomerResolver(ObjectProvider<SecurityContextHolderStrategy> securityContext) {
			return new SpringSecurityCustomerResolver(
					securityContext.getIfAvailable(SecurityContextHolder::getContextHolderStrategy));
		}

	}

}
