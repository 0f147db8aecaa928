package io.credyt.autoconfigure.subscription;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.credyt.autoconfigure.CredytAutoConfigurations;
import io.credyt.autoconfigure.payment.CredytPaymentsAutoConfiguration;
import io.credyt.jdbc.JdbcSubscriptions;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.LedgerEvent;
import io.credyt.ledger.LedgerEventListener;
import io.credyt.ledger.TopUpRequest;
import io.credyt.ledger.UsageEvent;
import io.credyt.subscription.Subscription;
import io.credyt.subscription.SubscriptionStatus;
import io.credyt.subscription.Subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

class CredytSubscriptionsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(CredytAutoConfigurations.dataSource())
		.withConfiguration(CredytAutoConfigurations.credyt())
		.withConfiguration(AutoConfigurations.of(CredytPaymentsAutoConfiguration.class,
				CredytSubscriptionsAutoConfiguration.class))
		.withInitializer(CredytAutoConfigurations.catalog())
		.withPropertyValues("credyt.plans.pro.fee=20.00",
				"credyt.plans.pro.interval=month", "credyt.plans.pro.entitlements.image=200",
				"credyt.plans.pro.prices.image=0.20");

	@Test
	void aDeclaredPlanGivesSubscriptionsThatPriceUsageAtThePlansPriceAndRenewOnTheApplicationsClock() {
		this.runner.withUserConfiguration(Timed.class).run((context) -> {
			assertThat(context).getBean(Subscriptions.class).isInstanceOf(JdbcSubscriptions.class);
			assertThat(context).hasSingleBean(SubscriptionRenewer.class);
			Ledger ledger = context.getBean(Ledger.class);
			Subscriptions subscriptions = context.getBean(Subscriptions.class);
			ledger.topUp("alice", TopUpRequest.of("pay-1", "40.20", "USD", "USD"));
			Subscription pro = subscriptions.subscribeWithWallet("alice", "pro", "sub-1");
			assertThat(pro.periodEnd()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
			ledger.record(UsageEvent.of("use-200", "alice", "image", 200));
			assertThat(ledger.record(UsageEvent.of("use-201", "alice", "image", 1)).fee()).isEqualByComparingTo("0.20");
			Timed timed = context.getBean(Timed.class);
			timed.clock.now = pro.periodEnd();
			assertThat(context.getBean(SubscriptionRenewer.class).renew()).isEqualTo(1);
			assertThat(subscriptions.subscription("alice").orElseThrow().periodStart()).isEqualTo(pro.periodEnd());
			assertThat(ledger.balance("alice").available("USD")).isEqualByComparingTo("0.00");
			subscriptions.renewDue(10);
			timed.clock.now = pro.periodEnd().plus(Duration.ofDays(31));
			assertThat(subscriptions.renewDue(10)).isEqualTo(1);
			assertThat(subscriptions.subscription("alice").orElseThrow().status()).isEqualTo(SubscriptionStatus.PAST_DUE);
			assertThat(timed.heard).anySatisfy((event) -> assertThat(event)
				.isInstanceOf(LedgerEvent.SubscriptionChanged.class));
		});
	}

	@Test
	void theRetryScheduleIsConfigurable() {
		this.runner.withUserConfiguration(Timed.class)
			.withPropertyValues("credyt.subscriptions.retry-schedule=2h", "credyt.subscriptions.renewals-enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(SubscriptionRenewer.class);
				Ledger ledger = context.getBean(Ledger.class);
				Subscriptions subscriptions = context.getBean(Subscriptions.class);
				ledger.topUp("bob", TopUpRequest.of("pay-1", "20.00", "USD", "USD"));
				Subscription pro = subscriptions.subscribeWithWallet("bob", "pro", "sub-1");
				context.getBean(Timed.class).clock.now = pro.periodEnd();
				subscriptions.renewDue(10);
				assertThat(subscriptions.subscription("bob").orElseThrow().nextAttemptAt())
					.isEqualTo(pro.periodEnd().plus(Duration.ofHours(2)));
				context.getBean(Timed.class).clock.now = pro.periodEnd().plus(Duration.ofHours(2));
				subscriptions.renewDue(10);
				assertThat(subscriptions.subscription("bob").orElseThrow().status())
					.isEqualTo(SubscriptionStatus.CANCELED);
			});
	}

	@Test
	void noSubscriptionsWithoutPlans() {
		new ApplicationContextRunner().withConfiguration(CredytAutoConfigurations.dataSource())
			.withConfiguration(CredytAutoConfigurations.credyt())
			.withConfiguration(AutoConfigurations.of(CredytSubscriptionsAutoConfiguration.class))
			.withInitializer(CredytAutoConfigurations.catalog())
			.run((context) -> {
				assertThat(context).doesNotHaveBean(Subscriptions.class);
				assertThat(context).doesNotHaveBean(SubscriptionRenewer.class);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class Timed {

		final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));

		final List<LedgerEvent> heard = new CopyOnWriteArrayList<>();

		@Bean
		Clock testClock() {
			return this.clock;
		}

		@Bean
		LedgerEventListener recordingListener() {
			return this.heard::addAll;
		}

	}

	static final class SettableClock extends Clock {

		volatile Instant now;

		SettableClock(Instant now) {
			this.now = now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
