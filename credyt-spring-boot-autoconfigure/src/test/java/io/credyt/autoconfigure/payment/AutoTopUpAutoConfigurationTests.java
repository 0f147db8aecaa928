package io.credyt.autoconfigure.payment;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.credyt.autoconfigure.CredytAutoConfigurations;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.PageRequest;
import io.credyt.ledger.UsageEvent;
import io.credyt.ledger.UsageRecord;
import io.credyt.payment.AutoTopUpOptions;
import io.credyt.payment.AutoTopUpSettings;
import io.credyt.payment.AutoTopUpStatus;
import io.credyt.payment.AutoTopUps;
import io.credyt.payment.Checkout;
import io.credyt.payment.PaymentKind;
import io.credyt.payment.PaymentRecord;
import io.credyt.payment.PaymentStatus;
import io.credyt.payment.PaymentStore;
import io.credyt.payment.TestPaymentProvider;
import io.credyt.payment.TopUps;
import io.credyt.testing.Concurrently;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AutoTopUpAutoConfigurationTests {

	private final ApplicationContextRunner runner = PaymentContexts.runner();

	@Test
	void autoTopUpIsConfiguredWithTheDefaultLimitsOnTheTopUpService() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(AutoTopUps.class);
			AutoTopUps autoTopUps = context.getBean(AutoTopUps.class);
			assertThat(autoTopUps.options()).isEqualTo(AutoTopUpOptions.DEFAULTS);
			assertThat(autoTopUps.options()).isSameAs(context.getBean(AutoTopUpOptions.class));
			assertThat(autoTopUps.topUps()).isSameAs(context.getBean(TopUps.class));
			assertThat(autoTopUps.topUps().provider()).isInstanceOf(TestPaymentProvider.class);
		});
	}

	@Test
	void theLimitsAreBoundFromProperties() {
		this.runner
			.withPropertyValues("credyt.auto-top-up.cooldown=5m", "credyt.auto-top-up.max-per-day=10",
					"credyt.auto-top-up.stale-after=2m")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(AutoTopUps.class).options())
					.isEqualTo(new AutoTopUpOptions(Duration.ofMinutes(5), 10, Duration.ofMinutes(2)));
			});
	}

	@Test
	void aDailyCapBelowOneFailsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("credyt.auto-top-up.max-per-day=0").run((context) -> {
			InvalidConfigurationPropertyValueException invalid = CredytAutoConfigurations.refusedProperty(context,
					"credyt.auto-top-up.max-per-day");
			assertThat(invalid.getValue()).isEqualTo(0);
		});
	}

	@Test
	void aZeroStaleAfterFailsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("credyt.auto-top-up.stale-after=0s").run((context) -> {
			CredytAutoConfigurations.refusedProperty(context, "credyt.auto-top-up.stale-after");
		});
	}

	@Test
	void aNegativeCooldownFailsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("credyt.auto-top-up.cooldown=-1m").run((context) -> {
			CredytAutoConfigurations.refusedProperty(context, "credyt.auto-top-up.cooldown");
		});
	}

	@Test
	void nothingIsConfiguredWhenAutoTopUpIsDisabled() {
		this.runner.withPropertyValues("credyt.auto-top-up.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(AutoTopUps.class);
			assertThat(context).doesNotHaveBean(AutoTopUpOptions.class);
			assertThat(context).doesNotHaveBean(CredytAutoTopUpProperties.class);
			assertThat(context).hasSingleBean(TopUps.class);
		});
	}

	@Test
	void nothingIsConfiguredWhenCredytIsDisabled() {
		this.runner.withPropertyValues("credyt.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(AutoTopUps.class);
		});
	}

	@Test
	void theApplicationsOwnAutoTopUpWins() {
		this.runner.withUserConfiguration(OwnAutoTopUps.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).getBean(AutoTopUps.class).isSameAs(context.getBean("ownAutoTopUps"));
			assertThat(context.getBean(AutoTopUps.class).options().maxPerDay()).isEqualTo(7);
		});
	}

	@Test
	void theApplicationsOwnLimitsAreUsed() {
		this.runner.withUserConfiguration(OwnOptions.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(AutoTopUps.class).options()).isSameAs(context.getBean("ownOptions"));
		});
	}

	@Test
	void disabledAutoTopUpIsNotCalledByRecordedUsage() {
		this.runner.withPropertyValues("credyt.auto-top-up.enabled=false").run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			TopUps topUps = context.getBean(TopUps.class);
			saveCard(context.getBean(TestPaymentProvider.class), topUps, "alice");

			for (int i = 0; i < 3; i++) {
				ledger.record(UsageEvent.of("evt-" + i, "alice", "image", 1));
			}

			assertThat(ledger.balance("alice").available("USD")).isEqualByComparingTo("9.25");
			assertThat(context.getBean(TestPaymentProvider.class).savedPaymentMethods("alice")).isNotEmpty();
			assertThat(autoTopUpPayments(context.getBean(PaymentStore.class))).isEmpty();
		});
	}

	@Test
	void recordedUsageCrossingTheThresholdTopsUpOnceAfterTheDebitCommits() {
		this.runner.run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			TopUps topUps = context.getBean(TopUps.class);
			AutoTopUps autoTopUps = context.getBean(AutoTopUps.class);
			String card = saveCard(context.getBean(TestPaymentProvider.class), topUps, "alice");
			autoTopUps.configure("alice",
					new AutoTopUpSettings(true, new BigDecimal("10"), new BigDecimal("20"), card));
			assertThat(autoTopUps.status("alice").orElseThrow().lastStatus()).isNull();

			ledger.record(UsageEvent.of("paid-1", "alice", "image", 1));

			// charged on the auto top-up executor once the debit has committed
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(ledger.balance("alice").available("USD")).isEqualByComparingTo("29.75"));
			List<Concurrently.Outcome<UsageRecord>> outcomes = Concurrently.run(16, 16,
					(i) -> () -> ledger.record(UsageEvent.of("paid-more-" + i, "alice", "image", 1)));
			assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.error()).isNull());
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(autoTopUps.status("alice").orElseThrow().inFlightSince()).isNull());
			assertThat(autoTopUpPayments(context.getBean(PaymentStore.class))).singleElement()
				.satisfies((payment) -> {
					assertThat(payment.status()).isEqualTo(PaymentStatus.SUCCEEDED);
					assertThat(payment.amount()).isEqualByComparingTo("20");
				});
			AutoTopUpStatus status = autoTopUps.status("alice").orElseThrow();
			assertThat(status.lastStatus()).isEqualTo(PaymentStatus.SUCCEEDED);
			assertThat(status.attemptsToday()).isEqualTo(1);
			assertThat(ledger.balance("alice").available("USD")).isEqualByComparingTo("25.75");
		});
	}

	private static String saveCard(TestPaymentProvider provider, TopUps topUps, String customer) {
		Checkout checkout = topUps.start(customer, new BigDecimal("10.00"), "/done", "/cancel", true);
		provider.pay(checkout.sessionId(), TestPaymentProvider.SUCCEEDS, true);
		topUps.complete(checkout.sessionId());
		return topUps.store().paymentMethods(customer).get(0);
	}

	private static List<PaymentRecord> autoTopUpPayments(PaymentStore store) {
		return store.payments("alice", PageRequest.of(0, 100))
			.items()
			.stream()
			.filter((payment) -> payment.kind() == PaymentKind.AUTO_TOP_UP)
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnAutoTopUps {

		@Bean
		AutoTopUps ownAutoTopUps(DataSource dataSource, ObjectProvider<Ledger> ledger, ObjectProvider<TopUps> topUps) {
			return new AutoTopUps(dataSource, ledger::getObject, topUps::getObject,
					new AutoTopUpOptions(Duration.ofMinutes(30), 7, Duration.ofMinutes(5)), Clock.systemUTC());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnOptions {

		@Bean
		AutoTopUpOptions ownOptions() {
			return new AutoTopUpOptions(Duration.ofMinutes(30), 7, Duration.ofMinutes(5));
		}

	}

}
