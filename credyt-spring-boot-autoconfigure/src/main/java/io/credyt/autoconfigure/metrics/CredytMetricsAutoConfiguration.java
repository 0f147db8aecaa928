package io.credyt.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.credyt.autoconfigure.CredytAutoConfiguration;
import io.credyt.catalog.Catalog;

/**
 * Micrometer meters for the ledger, when the application has a {@link MeterRegistry}: a
 * {@link MeterBillingObserver}, which the auto-configured ledger tells what it does.
 */
@AutoConfiguration(after = CredytAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, Catalog.class })
@ConditionalOnBooleanProperty(name = "credyt.enabled", matchIfMissing = true)
public final class CredytMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MeterBillingObserver credytMeterBillingObserver(MeterRegistry meterRegistry, Catalog catalog) {
		return new MeterBillingObserver(meterRegistry, catalog);
	}

}
