package io.credyt.autoconfigure.metrics;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.credyt.autoconfigure.CredytAutoConfigurations;
import io.credyt.catalog.Catalog;
import io.credyt.catalog.UnknownProductException;
import io.credyt.ledger.AuthorizationRequest;
import io.credyt.ledger.Capture;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Hold;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.ObservedLedger;
import io.credyt.ledger.UsageEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(CredytAutoConfigurations.dataSource())
		.withConfiguration(CredytAutoConfigurations.credyt())
		.withInitializer(CredytAutoConfigurations.catalog())
		.withBean(SimpleMeterRegistry.class);

	@Test
	void theLedgerIsMeteredWhenThereIsAMeterRegistry() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(MeterBillingObserver.class);
			assertThat(context).getBean(Ledger.class).isInstanceOf(ObservedLedger.class);
		});
	}

	@Test
	void authorizationsAreCountedAndTimedByProductAndResult() {
		this.runner.run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			ledger.grant("alice", GrantRequest.paid("USD", "1.50"));
			ledger.authorize(AuthorizationRequest.of("alice", "video"));
			assertThatExceptionOfType(InsufficientBalanceException.class)
				.isThrownBy(() -> ledger.authorize(AuthorizationRequest.of("alice", "video")));
			assertThatExceptionOfType(UnknownProductException.class)
				.isThrownBy(() -> ledger.authorize(AuthorizationRequest.of("alice", "alice-private-product")));
			assertThat(count(registry, "credyt.authorizations", "product", "video", "result", "approved")).isOne();
			assertThat(count(registry, "credyt.authorizations", "product", "video", "result", "declined")).isOne();
			assertThat(count(registry, "credyt.authorizations", "product", "unknown", "result", "error")).isOne();
			assertThat(registry.get("credyt.authorize").tags("product", "video", "result", "approved").timer().count())
				.isOne();
			assertThat(registry.get("credyt.authorize").tags("product", "video", "result", "declined").timer().count())
				.isOne();
		});
	}

	@Test
	void capturesAndDirectUsageAreCountedWithTheirFees() {
		this.runner.run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			ledger.grant("alice", GrantRequest.paid("USD", "5.00"));
			Hold hold = ledger.authorize(AuthorizationRequest.of("alice", "video"));
			ledger.capture(hold.id(), Capture.of("render-1"));
			ledger.record(new UsageEvent("image-1", "alice", "image", BigDecimal.ONE, Map.of("quality", "hd"), null));
			assertThat(count(registry, "credyt.usage.recorded", "product", "video", "source", "capture")).isOne();
			assertThat(count(registry, "credyt.usage.recorded", "product", "image", "source", "direct")).isOne();
			assertThat(registry.get("credyt.capture").tags("product", "video").timer().count()).isOne();
			assertThat(count(registry, "credyt.fees", "product", "video", "asset", "USD")).isEqualTo(1.00);
			assertThat(count(registry, "credyt.fees", "product", "image", "asset", "USD")).isEqualTo(0.40);
			assertThat(count(registry, "credyt.holds", "result", "captured")).isOne();
		});
	}

	@Test
	void releasedAndExpiredHoldsAreCounted() {
		this.runner.withPropertyValues("credyt.holds.time-to-live=1ms").run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			ledger.grant("alice", GrantRequest.paid("USD", "5.00"));
			ledger.release(ledger.authorize(AuthorizationRequest.of("alice", "video")).id());
			ledger.authorize(AuthorizationRequest.of("alice", "video"));
			Thread.sleep(5);
			assertThat(ledger.expireHolds(java.time.Instant.now(), 10)).isOne();
			assertThat(count(registry, "credyt.holds", "result", "released")).isOne();
			assertThat(count(registry, "credyt.holds", "result", "expired")).isOne();
		});
	}

	@Test
	void noMeterIsTaggedWithACustomer() {
		this.runner.run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			ledger.grant("customer-42", GrantRequest.paid("USD", "1.00"));
			Hold hold = ledger.authorize(AuthorizationRequest.of("customer-42", "image"));
			ledger.capture(hold.id(), Capture.of("event-1"));
			ledger.release(ledger.authorize(AuthorizationRequest.of("customer-42", "image")).id());
			assertThatExceptionOfType(InsufficientBalanceException.class)
				.isThrownBy(() -> ledger.authorize(AuthorizationRequest.of("customer-42", "video")));
			Set<String> keys = registry.getMeters()
				.stream()
				.flatMap((meter) -> meter.getId().getTags().stream())
				.map(Tag::getKey)
				.collect(Collectors.toSet());
			assertThat(keys).isSubsetOf("product", "result", "source", "asset");
			assertThat(registry.getMeters()).extracting(Meter::getId)
				.allSatisfy((id) -> assertThat(id.getTags()).extracting(Tag::getValue).doesNotContain("customer-42"));
		});
	}

	@Test
	void withoutMicrometerThereAreNoMeters() {
		new ApplicationContextRunner().withConfiguration(CredytAutoConfigurations.dataSource())
			.withConfiguration(CredytAutoConfigurations.credyt())
			.withInitializer(CredytAutoConfigurations.catalog())
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(MeterBillingObserver.class);
				assertThat(context).hasSingleBean(Ledger.class);
			});
	}

	@Test
	void withoutAMeterRegistryThereAreNoMeters() {
		new ApplicationContextRunner().withConfiguration(CredytAutoConfigurations.dataSource())
			.withConfiguration(CredytAutoConfigurations.credyt())
			.withInitializer(CredytAutoConfigurations.catalog())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(MeterBillingObserver.class);
			});
	}

	@Test
	void theApplicationsOwnMeterObserverReplacesOurs() {
		this.runner
			.withBean("ownMeterObserver", MeterBillingObserver.class,
					() -> new MeterBillingObserver(new SimpleMeterRegistry(), Catalog.builder().build()))
			.run((context) -> {
				assertThat(context).hasSingleBean(MeterBillingObserver.class);
				assertThat(context).hasBean("ownMeterObserver");
			});
	}

	@Test
	void nothingIsMeteredWhenCredytIsDisabled() {
		this.runner.withPropertyValues("credyt.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MeterBillingObserver.class));
	}

	private static double count(MeterRegistry registry, String name, String... tags) {
		return registry.get(name).tags(tags).counter().count();
	}

}
