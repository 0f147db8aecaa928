package io.credyt.autoconfigure.payment;

import java.math.BigDecimal;
import java.time.Clock;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.credyt.autoconfigure.CredytAutoConfigurations;
import io.credyt.jdbc.JdbcPaymentStore;
import io.credyt.jdbc.JdbcTestCheckoutStore;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.PageRequest;
import io.credyt.payment.AutoTopUps;
import io.credyt.payment.Checkout;
import io.credyt.payment.PaymentKind;
import io.credyt.payment.PaymentProvider;
import io.credyt.payment.PaymentRecord;
import io.credyt.payment.PaymentStatus;
import io.credyt.payment.PaymentStore;
import io.credyt.payment.TestPaymentProvider;
import io.credyt.payment.TopUpPolicy;
import io.credyt.payment.TopUpResult;
import io.credyt.payment.TopUps;
import io.credyt.stripe.InMemoryStripeCustomerMapping;
import io.credyt.stripe.JdbcStripeCustomerMapping;
import io.credyt.stripe.StripeCustomerMapping;
import io.credyt.stripe.StripePaymentProvider;
import io.credyt.stripe.StripeWebhooks;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class CredytPaymentsAutoConfigurationTests {

	private static final String TEST_MODE_WARNING = "Credyt's test payment provider is on";

	private final ApplicationContextRunner runner = PaymentContexts.runner();

	private final ApplicationContextRunner withoutTestMode = PaymentContexts.runner()
		.withPropertyValues("credyt.payments.test-mode.enabled=false");

	@Test
	void byDefaultNoPaymentProviderTakesTopUps(CapturedOutput output) {
		PaymentContexts.withDefaults().run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(PaymentProvider.class);
			assertThat(context).doesNotHaveBean(TopUps.class);
			assertThat(context).doesNotHaveBean(AutoTopUps.class);
			assertThat(context).hasSingleBean(TopUpPolicy.class);
		});
		this.withoutTestMode.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(PaymentProvider.class);
			assertThat(context).doesNotHaveBean(TopUps.class);
		});
		assertThat(output).doesNotContain(TEST_MODE_WARNING);
	}

	@Test
	void withoutTestModeAStripeTestKeyWithoutCredytStripeGivesNoProvider() {
		this.withoutTestMode.withClassLoader(new FilteredClassLoader(StripePaymentProvider.class))
			.withPropertyValues("credyt.payments.stripe.secret-key=sk_test_123")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(PaymentProvider.class);
			});
	}

	@Test
	void withoutTestModeALiveKeyWithoutCredytStripeFailsStartUp() {
		this.withoutTestMode.withClassLoader(new FilteredClassLoader(StripePaymentProvider.class))
			.withPropertyValues("credyt.payments.stripe.secret-key=sk_live_123")
			.run((context) -> {
				InvalidConfigurationPropertyValueException invalid = CredytAutoConfigurations.refusedProperty(context,
						"credyt.payments.stripe.secret-key");
				assertThat(invalid.getValue()).isEqualTo("sk_live_…");
				assertThat(invalid).hasMessageContaining("credyt-stripe is not on the class path");
			});
	}

	@Test
	void testModeWithALiveStripeKeyFailsStartUpEvenWhenStripeWouldTakeThePayments() {
		this.runner.withPropertyValues("credyt.payments.stripe.secret-key=sk_live_123").run((context) -> {
			InvalidConfigurationPropertyValueException invalid = CredytAutoConfigurations.refusedProperty(context,
					"credyt.payments.stripe.secret-key");
			assertThat(invalid.getValue()).isEqualTo("sk_live_…");
			assertThat(invalid).hasMessageContaining("refuses to run")
				.hasMessageContaining("credyt.payments.test-mode.enabled");
		});
	}

	@Test
	void testModeWarnsAtEveryStartUp(CapturedOutput output) {
		this.runner.run((context) -> assertThat(context).hasNotFailed());
		this.runner.run((context) -> assertThat(context).hasNotFailed());

		assertThat(output.toString().split(TEST_MODE_WARNING, -1)).hasSize(3);
		assertThat(output).contains("WARN").contains("Never enable it in production");
	}

	@Test
	void testModeWithAStripeTestKeyLetsStripeTakeThePaymentsWithoutAWarning(CapturedOutput output) {
		this.runner.withPropertyValues("credyt.payments.stripe.secret-key=sk_test_123").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).getBean(PaymentProvider.class).isInstanceOf(StripePaymentProvider.class);
		});
		assertThat(output).doesNotContain(TEST_MODE_WARNING);
	}

	@Test
	void theTestProviderKeepsItsCheckoutsInTheLedgersDatabase() {
		this.runner.run((context) -> {
			TopUps topUps = context.getBean(TopUps.class);
			Checkout checkout = topUps.start("alice", new BigDecimal("10"), "/done", "/cancel", false);
			TestPaymentProvider anotherInstance = TestPaymentProvider.forMode(false, "/billing/test-checkout",
					new JdbcTestCheckoutStore(context.getBean(DataSource.class), Clock.systemUTC()));

			assertThat(anotherInstance.pay(checkout.sessionId(), TestPaymentProvider.SUCCEEDS, false).status())
				.isEqualTo(PaymentStatus.SUCCEEDED);
			assertThat(topUps.complete(checkout.sessionId()).isCredited()).isTrue();
		});
	}

	@Test
	void inTestModeTopUpsGoThroughTheTestProviderWithTheDefaultPolicy() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).getBean(PaymentProvider.class).isInstanceOf(TestPaymentProvider.class);
			assertThat(context).doesNotHaveBean(StripeWebhooks.class);
			assertThat(context).doesNotHaveBean(StripeCustomerMapping.class);
			TopUpPolicy policy = context.getBean(TopUpPolicy.class);
			assertThat(policy.asset()).isEqualTo("USD");
			assertThat(policy.currency()).isEqualTo("USD");
			assertThat(policy.minimum()).isEqualByComparingTo("5.00");
			assertThat(policy.maximum()).isEqualByComparingTo("500.00");
			assertThat(policy.presets()).usingElementComparator(BigDecimal::compareTo)
				.containsExactly(new BigDecimal("5"), new BigDecimal("10"), new BigDecimal("25"), new BigDecimal("50"));
			TopUps topUps = context.getBean(TopUps.class);
			assertThat(topUps.policy()).isSameAs(policy);
			assertThat(topUps.provider()).isSameAs(context.getBean(PaymentProvider.class));
			assertThat(context).getBean(PaymentStore.class).isInstanceOf(JdbcPaymentStore.class);
			assertThat(topUps.store()).isSameAs(context.getBean(PaymentStore.class));
		});
	}

	@Test
	void paymentsAreRememberedInTheLedgersDatabase() {
		this.runner.run((context) -> {
			TopUps topUps = context.getBean(TopUps.class);
			TestPaymentProvider provider = context.getBean(TestPaymentProvider.class);
			Checkout checkout = topUps.start("alice", new BigDecimal("10"), "/done", "/cancel", true, "form-1");
			assertThat(topUps.start("alice", new BigDecimal("10"), "/done", "/cancel", true, "form-1"))
				.isEqualTo(checkout);
			provider.pay(checkout.sessionId(), TestPaymentProvider.SUCCEEDS, true);
			topUps.complete(checkout.sessionId());

			PaymentStore store = context.getBean(PaymentStore.class);
			PaymentRecord payment = store.find(checkout.sessionId()).orElseThrow();
			assertThat(payment.kind()).isEqualTo(PaymentKind.CHECKOUT);
			assertThat(payment.status()).isEqualTo(PaymentStatus.SUCCEEDED);
			assertThat(store.payments("alice", PageRequest.of(0, 10)).total()).isEqualTo(1);
			assertThat(store.paymentMethods("alice")).containsExactly("test_pm_4242");
		});
	}

	@Test
	void theApplicationsOwnPaymentStoreWins() {
		this.runner.withUserConfiguration(OwnStore.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).getBean(PaymentStore.class).isSameAs(context.getBean("ownStore"));
			assertThat(context.getBean(TopUps.class).store()).isSameAs(context.getBean("ownStore"));
		});
	}

	@Test
	void theTopUpPolicyIsBoundFromProperties() {
		this.runner
			.withPropertyValues("credyt.assets.credits.precision=0", "credyt.assets.credits.rate=0.01",
					"credyt.payments.top-up.asset=credits",
					"credyt.payments.top-up.minimum=10", "credyt.payments.top-up.maximum=1000",
					"credyt.payments.top-up.presets=20,100")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				TopUpPolicy policy = context.getBean(TopUpPolicy.class);
				assertThat(policy.asset()).isEqualTo("credits");
				assertThat(policy.currency()).isEqualTo("USD");
				assertThat(policy.minimum()).isEqualByComparingTo("10");
				assertThat(policy.maximum()).isEqualByComparingTo("1000");
				assertThat(policy.presets()).usingElementComparator(BigDecimal::compareTo)
					.containsExactly(new BigDecimal("20"), new BigDecimal("100"));
			});
	}

	@Test
	void aNegativeMinimumFailsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("credyt.payments.top-up.minimum=-1").run((context) -> {
			InvalidConfigurationPropertyValueException invalid = CredytAutoConfigurations.refusedProperty(context,
					"credyt.payments.top-up.minimum");
			assertThat(invalid.getValue()).isEqualTo(new BigDecimal("-1"));
		});
	}

	@Test
	void topUpBoundsTheLedgerCannotHoldFailStartUpNamingThePropertyWithoutWritingThemOut() {
		for (String property : new String[] { "minimum", "maximum", "presets" }) {
			for (String attack : new String[] { "1e999999999", "1e-39999999" }) {
				this.runner.withPropertyValues("credyt.payments.top-up." + property + "=" + attack).run((context) -> {
					InvalidConfigurationPropertyValueException invalid = CredytAutoConfigurations
						.refusedProperty(context, "credyt.payments.top-up." + property);
					assertThat(invalid.getMessage()).hasSizeLessThan(400);
				});
			}
		}
	}

	@Test
	void aMinimumAboveTheMaximumFailsStartUpNamingTheMaximum() {
		this.runner.withPropertyValues("credyt.payments.top-up.minimum=50", "credyt.payments.top-up.maximum=20",
				"credyt.payments.top-up.presets=").run((context) -> {
					CredytAutoConfigurations.refusedProperty(context, "credyt.payments.top-up.maximum");
				});
	}

	@Test
	void aPresetOutsideTheBoundsFailsStartUpNamingThePresets() {
		this.runner.withPropertyValues("credyt.payments.top-up.presets=5,1000").run((context) -> {
			CredytAutoConfigurations.refusedProperty(context, "credyt.payments.top-up.presets");
		});
	}

	@Test
	void aTopUpAssetTheCatalogDoesNotKnowFailsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("credyt.payments.top-up.asset=gems").run((context) -> {
			InvalidConfigurationPropertyValueException invalid = CredytAutoConfigurations.refusedProperty(context,
					"credyt.payments.top-up.asset");
			assertThat(invalid.getValue()).isEqualTo("gems");
		});
	}

	@Test
	void aTopUpCurrencyTheCatalogDoesNotKnowFailsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("credyt.payments.top-up.currency=EUR").run((context) -> {
			InvalidConfigurationPropertyValueException invalid = CredytAutoConfigurations.refusedProperty(context,
					"credyt.payments.top-up.currency");
			assertThat(invalid.getValue()).isEqualTo("EUR");
		});
	}

	@Test
	void aStripeTestKeyGivesTheStripeProviderWithoutCallingStripe() {
		// an unroutable API base: any call at start-up would fail it
		this.runner
			.withPropertyValues("credyt.payments.stripe.secret-key=sk_test_123",
					"credyt.payments.stripe.api-base=http://127.0.0.1:1")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				PaymentProvider provider = context.getBean(PaymentProvider.class);
				assertThat(provider).isInstanceOf(StripePaymentProvider.class);
				assertThat(provider.live()).isFalse();
				assertThat(context.getBean(TopUps.class).provider()).isSameAs(provider);
				assertThat(context).doesNotHaveBean(StripeWebhooks.class);
				assertThat(context).getBean(StripeCustomerMapping.class).isInstanceOf(JdbcStripeCustomerMapping.class);
				assertThat(((StripePaymentProvider) provider).customerMapping())
					.isSameAs(context.getBean(StripeCustomerMapping.class));
			});
	}

	@Test
	void stripeCustomersAreMappedInTheLedgersDatabase() {
		this.runner.withPropertyValues("credyt.payments.stripe.secret-key=sk_test_123").run((context) -> {
			assertThat(context).hasNotFailed();
			StripePaymentProvider provider = context.getBean(StripePaymentProvider.class);
			assertThat(provider.customerMapping()).isInstanceOf(JdbcStripeCustomerMapping.class);
			provider.customerMapping().mapIfAbsent("alice", "cus_1");
			assertThat(new JdbcStripeCustomerMapping(context.getBean(DataSource.class)).stripeCustomer("alice"))
				.contains("cus_1");
		});
	}

	@Test
	void theApplicationsOwnStripeCustomerMappingIsUsedWithAndWithoutAnApiBase() {
		this.runner.withUserConfiguration(OwnCustomerMapping.class)
			.withPropertyValues("credyt.payments.stripe.secret-key=sk_test_123")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBean(StripeCustomerMapping.class).isSameAs(context.getBean("ownMapping"));
				assertThat(context.getBean(StripePaymentProvider.class).customerMapping())
					.isSameAs(context.getBean("ownMapping"));
			});
		this.runner.withUserConfiguration(OwnCustomerMapping.class)
			.withPropertyValues("credyt.payments.stripe.secret-key=sk_test_123",
					"credyt.payments.stripe.api-base=http://127.0.0.1:1")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(StripePaymentProvider.class).customerMapping())
					.isSameAs(context.getBean("ownMapping"));
			});
	}

	@Test
	void aStripeLiveKeyGivesALiveStripeProvider() {
		this.withoutTestMode.withPropertyValues("credyt.payments.stripe.secret-key=sk_live_123").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).getBean(PaymentProvider.class).isInstanceOf(StripePaymentProvider.class);
			assertThat(context.getBean(PaymentProvider.class).live()).isTrue();
			assertThat(context.getBean(StripePaymentProvider.class).customerMapping())
				.isInstanceOf(JdbcStripeCustomerMapping.class);
		});
	}

	@Test
	void stripeWebhooksAreConfiguredWhenAWebhookSecretIsSet() {
		this.runner
			.withPropertyValues("credyt.payments.stripe.secret-key=sk_test_123",
					"credyt.payments.stripe.webhook-secret=whsec_123")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(StripeWebhooks.class);
			});
	}

	@Test
	void aWebhookSecretWithoutAStripeKeyConfiguresNoWebhooks() {
		this.runner.withPropertyValues("credyt.payments.stripe.webhook-secret=whsec_123").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).getBean(PaymentProvider.class).isInstanceOf(TestPaymentProvider.class);
			assertThat(context).doesNotHaveBean(StripeWebhooks.class);
		});
	}

	@Test
	void anEmptyStripeKeyKeepsTheTestProvider() {
		this.runner.withPropertyValues("credyt.payments.stripe.secret-key=").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).getBean(PaymentProvider.class).isInstanceOf(TestPaymentProvider.class);
		});
	}

	@Test
	void aLiveKeyWithoutCredytStripeRefusesTheTestProvider() {
		this.runner.withClassLoader(new FilteredClassLoader(StripePaymentProvider.class))
			.withPropertyValues("credyt.payments.stripe.secret-key=rk_live_123")
			.run((context) -> {
				InvalidConfigurationPropertyValueException invalid = CredytAutoConfigurations.refusedProperty(context,
						"credyt.payments.stripe.secret-key");
				assertThat(invalid.getValue()).isEqualTo("rk_live_…");
				assertThat(invalid).hasMessageContaining("refuses to run");
			});
	}

	@Test
	void aTestKeyWithoutCredytStripeGivesTheTestProvider() {
		this.runner.withClassLoader(new FilteredClassLoader(StripePaymentProvider.class))
			.withPropertyValues("credyt.payments.stripe.secret-key=sk_test_123")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBean(PaymentProvider.class).isInstanceOf(TestPaymentProvider.class);
			});
	}

	@Test
	void withoutCredytStripeAndWithoutAKeyTheTestProviderIsUsed() {
		this.runner.withClassLoader(new FilteredClassLoader(StripePaymentProvider.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).getBean(PaymentProvider.class).isInstanceOf(TestPaymentProvider.class);
			assertThat(context).hasSingleBean(TopUps.class);
		});
	}

	@Test
	void theApplicationsOwnPaymentProviderWins() {
		this.runner.withUserConfiguration(OwnProvider.class)
			.withPropertyValues("credyt.payments.stripe.secret-key=sk_test_123")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBean(PaymentProvider.class).isSameAs(context.getBean("ownProvider"));
				assertThat(context.getBean(TopUps.class).provider()).isSameAs(context.getBean("ownProvider"));
			});
	}

	@Test
	void aBlankTestCheckoutPathFailsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("credyt.payments.test-checkout-path= ").run((context) -> {
			CredytAutoConfigurations.refusedProperty(context, "credyt.payments.test-checkout-path");
		});
	}

	@Test
	void theTestCheckoutPathIsWhereTheCheckoutRedirects() {
		this.runner.withPropertyValues("credyt.payments.test-checkout-path=/pay").run((context) -> {
			Checkout checkout = context.getBean(TopUps.class)
				.start("alice", new BigDecimal("5.00"), "/done", "/cancel", false);
			assertThat(checkout.redirectUrl()).isEqualTo("/pay?session=" + checkout.sessionId());
		});
	}

	@Test
	void nothingIsConfiguredWhenCredytIsDisabled() {
		this.runner.withPropertyValues("credyt.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(CredytPaymentsProperties.class);
			assertThat(context).doesNotHaveBean(TopUpPolicy.class);
			assertThat(context).doesNotHaveBean(PaymentProvider.class);
			assertThat(context).doesNotHaveBean(PaymentStore.class);
			assertThat(context).doesNotHaveBean(TopUps.class);
		});
	}

	@Test
	void nothingIsConfiguredWithoutALedger() {
		new ApplicationContextRunner().withConfiguration(CredytAutoConfigurations.credyt())
			.withConfiguration(AutoConfigurations.of(CredytPaymentsAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(Ledger.class);
				assertThat(context).doesNotHaveBean(PaymentProvider.class);
				assertThat(context).doesNotHaveBean(TopUps.class);
			});
	}

	@Test
	void aTopUpPaidWithTheTestCardIsCreditedOnce() {
		this.runner.run((context) -> {
			TopUps topUps = context.getBean(TopUps.class);
			TestPaymentProvider provider = context.getBean(TestPaymentProvider.class);
			Ledger ledger = context.getBean(Ledger.class);
			Checkout checkout = topUps.start("alice", new BigDecimal("5.00"), "/done", "/cancel", false);
			BigDecimal before = ledger.balance("alice").available("USD");
			assertThat(provider.pay(checkout.sessionId(), TestPaymentProvider.SUCCEEDS, false).status())
				.isEqualTo(PaymentStatus.SUCCEEDED);
			TopUpResult result = topUps.complete(checkout.sessionId());
			assertThat(result.isCredited()).isTrue();
			topUps.complete(checkout.sessionId());
			assertThat(ledger.balance("alice").available("USD")).isEqualByComparingTo(before.add(new BigDecimal("5.00")));
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnCustomerMapping {

		@Bean
		StripeCustomerMapping ownMapping() {
			return new InMemoryStripeCustomerMapping();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnStore {

		@Bean
		PaymentStore ownStore(DataSource dataSource) {
			return new JdbcPaymentStore(dataSource);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnProvider {

		@Bean
		PaymentProvider ownProvider() {
			return TestPaymentProvider.forMode(false, "/own-checkout");
		}

	}

}
