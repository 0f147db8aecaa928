package io.credyt.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.credyt.annotation.Billable;
import io.credyt.ledger.BillingObserver;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.UsageRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BillableAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(CredytAutoConfigurations.dataSource())
		.withConfiguration(CredytAutoConfigurations.credyt())
		.withInitializer(CredytAutoConfigurations.catalog());

	@Test
	void aBillableMethodIsChargedThroughItsProxy() {
		this.runner.withUserConfiguration(Images.class).run((context) -> {
			assertThat(context).hasNotFailed();
			Images images = context.getBean(Images.class);
			assertThat(AopUtils.isAopProxy(images)).isTrue();
			Ledger ledger = context.getBean(Ledger.class);
			ledger.grant("alice", GrantRequest.paid("USD", "1.00"));
			images.generate("alice", true);
			images.generate("alice", true);
			images.generate("alice", true);
			// two free images from sign-up, then one HD image at $0.40
			assertThat(ledger.balance("alice").entitled("image")).isEqualByComparingTo("0");
			assertThat(ledger.balance("alice").available("USD")).isEqualByComparingTo("0.60");
		});
	}

	@Test
	void aBillableMethodIsNotInvokedWhenTheBalanceCannotPay() {
		this.runner.withUserConfiguration(Images.class).run((context) -> {
			Images images = context.getBean(Images.class);
			assertThatExceptionOfType(InsufficientBalanceException.class)
				.isThrownBy(() -> images.render("bob"));
			assertThat(images.calls()).isEmpty();
		});
	}

	@Test
	void billingWorksWithoutAspectJAndWithoutAnyAopOrTransactionAutoConfiguration() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withConfiguration(CredytAutoConfigurations.credyt())
			.withInitializer(CredytAutoConfigurations.catalog())
			.withClassLoader(new FilteredClassLoader("org.aspectj"))
			.withUserConfiguration(Images.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Images images = context.getBean(Images.class);
				assertThat(AopUtils.isAopProxy(images)).isTrue();
				images.generate("alice", false);
				assertThat(context.getBean(Ledger.class).balance("alice").entitled("image")).isEqualByComparingTo("1");
			});
	}

	@Test
	void billingWorksWithBootsAopAutoConfigurationWithoutAspectJ() {
		this.runner.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.aspectj"))
			.withUserConfiguration(Images.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				context.getBean(Images.class).generate("alice", false);
				assertThat(context.getBean(Ledger.class).balance("alice").entitled("image")).isEqualByComparingTo("1");
			});
	}

	@Test
	void billingWorksWithAutoProxyingSwitchedOff() {
		this.runner.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class))
			.withPropertyValues("spring.aop.auto=false")
			.withUserConfiguration(Images.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(AopUtils.isAopProxy(context.getBean(Images.class))).isTrue();
			});
	}

	@Test
	void withTheDefaultOrderUsageIsCapturedAfterTheTransactionCommits() {
		this.runner.withUserConfiguration(Events.class, Orders.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(io.credyt.annotation.BillableAdvisor.class).getOrder()).isZero();
			context.getBean(Orders.class).place("alice");
			assertThat(context.getBean(Events.class).happened).containsExactly("commit", "capture");
		});
	}

	@Test
	void theOrderPropertyPlacesBillingAmongOtherAdvice() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class))
			.withConfiguration(CredytAutoConfigurations.credyt())
			.withInitializer(CredytAutoConfigurations.catalog())
			.withUserConfiguration(TransactionsAtOrderTen.class, Events.class, Orders.class)
			.withPropertyValues("credyt.billable.order=20")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(io.credyt.annotation.BillableAdvisor.class).getOrder()).isEqualTo(20);
				context.getBean(Orders.class).place("alice");
				// billing now runs inside the transaction advice: usage is captured before the commit
				assertThat(context.getBean(Events.class).happened).containsExactly("capture", "commit");
			});
	}

	@Test
	void aBillableMethodNamingAnUndeclaredProductFailsTheStartUpNamingTheMethod() {
		this.runner.withUserConfiguration(Songs.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.hasMessageContaining("@Billable method Songs.play: Unknown product 'song'");
		});
	}

	@Test
	void aBillableMethodWithNoCustomerFailsTheStartUpWithoutACustomerResolver() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.security"))
			.withUserConfiguration(SignedInImages.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context).getFailure()
					.hasMessageContaining("@Billable method SignedInImages.generate names no customer");
			});
	}

	public static class Images {

		private final List<String> calls = new CopyOnWriteArrayList<>();

		@Billable(product = "image", customer = "#customer", dimensions = "quality=#hd ? 'hd' : 'standard'")
		public String generate(String customer, boolean hd) {
			this.calls.add("generate");
			return "image";
		}

		@Billable(product = "video", customer = "#customer")
		public String render(String customer) {
			this.calls.add("render");
			return "video";
		}

		public List<String> calls() {
			return this.calls;
		}

	}

	/** What happened, in order: commits and captures. */
	public static class Events {

		final List<String> happened = new CopyOnWriteArrayList<>();

		@Bean
		static BillingObserver captureRecorder(Events events) {
			return new BillingObserver() {
				@Override
				public void recorded(UsageRecord usage, boolean captured, Duration took) {
					events.happened.add("capture");
				}
			};
		}

	}

	public static class Orders {

		private final Events events;

		public Orders(Events events) {
			this.events = events;
		}

		@Transactional
		@Billable(product = "image", customer = "#customer")
		public void place(String customer) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					Orders.this.events.happened.add("commit");
				}
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableTransactionManagement(order = 10)
	static class TransactionsAtOrderTen {

	}

	public static class Songs {

		@Billable(product = "song", customer = "#customer")
		public void play(String customer) {
		}

	}

	public static class SignedInImages {

		@Billable(product = "image")
		public void generate() {
		}

	}

}
