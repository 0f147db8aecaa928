package io.credyt.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import io.credyt.autoconfigure.subscription.CredytSubscriptionsAutoConfiguration;
import io.credyt.catalog.BillingInterval;
import io.credyt.catalog.Catalog;
import io.credyt.catalog.PriceRule;
import io.credyt.catalog.Product;
import io.credyt.catalog.SubscriptionPlan;
import io.credyt.subscription.Subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code credyt.plans}: the issue's plan binds as written, and every mistake in a plan fails the
 * start-up naming its property. The products are the test catalog's: an image at $0.25 ($0.40 in
 * HD, quality standard or hd) and a video at $1.00 without dimensions.
 */
class PlanPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(CredytAutoConfigurations.dataSource())
		.withConfiguration(CredytAutoConfigurations.credyt())
		.withConfiguration(AutoConfigurations.of(CredytSubscriptionsAutoConfiguration.class))
		.withInitializer(CredytAutoConfigurations.catalog());

	@Test
	void theIssuesProPlanBindsWithItsAllowanceAndItsPrices() {
		this.runner.withInitializer(CredytAutoConfigurations.yaml("plans-example.yml")).run((context) -> {
			assertThat(context).hasNotFailed();
			Catalog catalog = context.getBean(Catalog.class);
			SubscriptionPlan pro = catalog.plan("pro");
			assertThat(pro.name()).isEqualTo("Pro");
			assertThat(pro.fee()).isEqualByComparingTo("20.00");
			assertThat(pro.currency()).isEqualTo("USD");
			assertThat(pro.interval()).isEqualTo(BillingInterval.MONTH);
			assertThat(pro.entitlements()).containsOnlyKeys("image");
			assertThat(pro.entitlements().get("image")).isEqualByComparingTo("200");
			assertThat(pro.prices().get("image")).extracting(PriceRule::when)
				.containsExactly(Map.of(), Map.of("quality", "hd"));
			Product image = catalog.product("image");
			assertThat(fee(catalog.pricing(image, "pro"), Map.of())).isEqualByComparingTo("0.20");
			assertThat(fee(catalog.pricing(image, "pro"), Map.of("quality", "standard"))).isEqualByComparingTo("0.20");
			assertThat(fee(catalog.pricing(image, "pro"), Map.of("quality", "hd"))).isEqualByComparingTo("0.35");
			assertThat(fee(catalog.pricing(image, null), Map.of("quality", "hd"))).as("without the plan")
				.isEqualByComparingTo("0.40");
			assertThat(catalog.pricing(catalog.product("video"), "pro")).as("a product the plan does not price")
				.isSameAs(catalog.product("video"));
			assertThat(context).as("a declared plan brings subscriptions").hasSingleBean(Subscriptions.class);
		});
	}

	@Test
	void aPlanNeedsOnlyAFeeTheRestHasDefaults() {
		this.runner.withPropertyValues("credyt.plans.starter.fee=5").run((context) -> {
			assertThat(context).hasNotFailed();
			SubscriptionPlan starter = context.getBean(Catalog.class).plan("starter");
			assertThat(starter.name()).isEqualTo("Starter");
			assertThat(starter.currency()).isEqualTo("USD");
			assertThat(starter.interval()).isEqualTo(BillingInterval.MONTH);
			assertThat(starter.entitlements()).isEmpty();
			assertThat(starter.prices()).isEmpty();
		});
		this.runner.withPropertyValues("credyt.plans.team.fee=200", "credyt.plans.team.name=Team (yearly)",
				"credyt.plans.team.interval=YEAR", "credyt.plans.team.entitlements.video=12").run((context) -> {
					SubscriptionPlan team = context.getBean(Catalog.class).plan("team");
					assertThat(team.name()).isEqualTo("Team (yearly)");
					assertThat(team.interval()).isEqualTo(BillingInterval.YEAR);
				});
	}

	@Test
	void aDimensionKeyPricesEveryProductOfThePlanThatDeclaresTheDimension() {
		this.runner.withInitializer(yaml("""
				credyt:
				  plans:
				    studio:
				      fee: 50
				      entitlements: { image: 100, video: 10 }
				      prices: { video: 0.80, "[quality=hd]": 0.30 }
				""")).run((context) -> {
			assertThat(context).hasNotFailed();
			Catalog catalog = context.getBean(Catalog.class);
			SubscriptionPlan studio = catalog.plan("studio");
			assertThat(studio.prices().get("image")).extracting(PriceRule::when).containsExactly(Map.of("quality", "hd"));
			assertThat(studio.prices().get("video")).extracting(PriceRule::when).containsExactly(Map.of());
			Product image = catalog.pricing(catalog.product("image"), "studio");
			assertThat(fee(image, Map.of("quality", "hd"))).isEqualByComparingTo("0.30");
			assertThat(fee(image, Map.of("quality", "standard"))).as("the product's own default stays")
				.isEqualByComparingTo("0.25");
			assertThat(fee(catalog.pricing(catalog.product("video"), "studio"), Map.of())).isEqualByComparingTo("0.80");
		});
	}

	@Test
	void aProductAndDimensionKeyPricesThatProductOnly() {
		this.runner.withInitializer(yaml("""
				credyt:
				  plans:
				    hd:
				      fee: 9.99
				      interval: week
				      prices: { "[image:quality=hd]": 0.30 }
				""")).run((context) -> {
			assertThat(context).hasNotFailed();
			Catalog catalog = context.getBean(Catalog.class);
			assertThat(catalog.plan("hd").interval()).isEqualTo(BillingInterval.WEEK);
			assertThat(fee(catalog.pricing(catalog.product("image"), "hd"), Map.of("quality", "hd")))
				.isEqualByComparingTo("0.30");
		});
		this.runner.withPropertyValues("credyt.plans.hd.fee=10")
			.withInitializer(properties(Map.of("credyt.plans.hd.prices[image:quality=hd]", "0.30")))
			.run((context) -> assertThat(fee(context.getBean(Catalog.class).pricing(
					context.getBean(Catalog.class).product("image"), "hd"), Map.of("quality", "hd")))
				.as("the same key in a properties file").isEqualByComparingTo("0.30"));
	}

	@Test
	void anEntitlementOfAnUndeclaredProductFailsTheStartUp() {
		this.runner.withPropertyValues("credyt.plans.pro.fee=20", "credyt.plans.pro.entitlements.song=10")
			.run((context) -> assertThat(refused(context, "credyt.plans.pro.entitlements.song").getReason())
				.contains("unknown product 'song'").contains("image"));
	}

	@Test
	void aPriceForAnUndeclaredProductFailsTheStartUpSayingHowDimensionKeysAreWritten() {
		this.runner.withPropertyValues("credyt.plans.pro.fee=20", "credyt.plans.pro.prices.song=0.10")
			.run((context) -> assertThat(refused(context, "credyt.plans.pro.prices.song").getReason())
				.contains("'song' is no declared product"));
		// an unbracketed "quality=hd" arrives as "qualityhd"
		this.runner.withPropertyValues("credyt.plans.pro.fee=20", "credyt.plans.pro.entitlements.image=200",
				"credyt.plans.pro.prices.qualityhd=0.35")
			.run((context) -> assertThat(refused(context, "credyt.plans.pro.prices.qualityhd").getReason())
				.contains("\"[quality=hd]\""));
		this.runner.withPropertyValues("credyt.plans.pro.fee=20")
			.withInitializer(properties(Map.of("credyt.plans.pro.prices[song:quality=hd]", "0.30")))
			.run((context) -> assertThat(refused(context, "credyt.plans.pro.prices[song:quality=hd]").getReason())
				.contains("unknown product 'song'"));
	}

	@Test
	void aDimensionNoProductOfThePlanDeclaresFailsTheStartUp() {
		this.runner.withPropertyValues("credyt.plans.pro.fee=20", "credyt.plans.pro.entitlements.video=5")
			.withInitializer(properties(Map.of("credyt.plans.pro.prices[quality=hd]", "0.35")))
			.run((context) -> assertThat(refused(context, "credyt.plans.pro.prices[quality=hd]").getReason())
				.contains("no product of plan 'pro' takes quality=hd").contains("video declares no dimension 'quality'"));
		this.runner.withPropertyValues("credyt.plans.pro.fee=20")
			.withInitializer(properties(Map.of("credyt.plans.pro.prices[quality=hd]", "0.35")))
			.run((context) -> assertThat(refused(context, "credyt.plans.pro.prices[quality=hd]").getReason())
				.contains("has no products to price"));
		this.runner.withPropertyValues("credyt.plans.pro.fee=20")
			.withInitializer(properties(Map.of("credyt.plans.pro.prices[image:size=large]", "0.35")))
			.run((context) -> assertThat(refused(context, "credyt.plans.pro.prices[image:size=large]").getReason())
				.contains("image declares no dimension 'size'"));
	}

	@Test
	void aDimensionValueTheProductDoesNotAllowFailsTheStartUp() {
		this.runner.withPropertyValues("credyt.plans.pro.fee=20", "credyt.plans.pro.entitlements.image=200")
			.withInitializer(properties(Map.of("credyt.plans.pro.prices[quality=ultra]", "0.90")))
			.run((context) -> assertThat(refused(context, "credyt.plans.pro.prices[quality=ultra]").getReason())
				.contains("image allows quality [standard, hd], not 'ultra'"));
	}

	@Test
	void theSamePriceTwiceFailsTheStartUp() {
		this.runner.withPropertyValues("credyt.plans.pro.fee=20", "credyt.plans.pro.entitlements.image=200")
			.withInitializer(properties(Map.of("credyt.plans.pro.prices[quality=hd]", "0.35",
					"credyt.plans.pro.prices[image:quality=hd]", "0.30")))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(CredytAutoConfigurations.invalidProperty(context.getStartupFailure()).getReason())
					.contains("prices image at quality=hd a second time");
			});
	}

	@Test
	void aFeeThatIsNegativeAbsurdMissingOrFinerThanItsCurrencyFailsTheStartUp() {
		assertFee("-20", "must not be negative");
		assertFee("1e999999999", "too large");
		assertFee("1e-39999999", "fraction digits");
		assertFee("20.001", "finer than USD shows: at most 2 fraction digits");
		this.runner.withPropertyValues("credyt.plans.pro.entitlements.image=200")
			.run((context) -> assertThat(refused(context, "credyt.plans.pro.fee").getReason()).contains("needs a fee"));
		this.runner.withPropertyValues("credyt.assets.credits.rate=0.01", "credyt.assets.credits.precision=0",
				"credyt.plans.pro.currency=credits", "credyt.plans.pro.fee=2000.5")
			.run((context) -> assertThat(refused(context, "credyt.plans.pro.fee").getReason())
				.contains("finer than credits shows: at most 0 fraction digits"));
		this.runner.withPropertyValues("credyt.assets.credits.rate=0.01", "credyt.assets.credits.precision=0",
				"credyt.plans.pro.currency=credits", "credyt.plans.pro.fee=2000")
			.run((context) -> assertThat(context.getBean(Catalog.class).plan("pro").currency()).isEqualTo("credits"));
	}

	@Test
	void aCurrencyTheCatalogDoesNotDeclareFailsTheStartUp() {
		this.runner.withPropertyValues("credyt.plans.pro.fee=20", "credyt.plans.pro.currency=EUR")
			.run((context) -> assertThat(refused(context, "credyt.plans.pro.currency").getReason())
				.contains("unknown asset"));
	}

	@Test
	void includedUnitsThatAreNotPositiveOrAbsurdFailTheStartUp() {
		for (String units : new String[] { "0", "-5", "1e999999999", "1e-39999999" }) {
			this.runner.withPropertyValues("credyt.plans.pro.fee=20", "credyt.plans.pro.entitlements.image=" + units)
				.run((context) -> {
					InvalidConfigurationPropertyValueException invalid = refused(context,
							"credyt.plans.pro.entitlements.image");
					assertThat(invalid.getMessage()).as(units).hasSizeLessThan(400);
				});
		}
	}

	@Test
	void anIntervalThatIsOnceOrUnknownFailsTheStartUp() {
		this.runner.withPropertyValues("credyt.plans.pro.fee=20", "credyt.plans.pro.interval=once")
			.run((context) -> assertThat(refused(context, "credyt.plans.pro.interval").getReason())
				.contains("use day, week, month or year"));
		this.runner.withPropertyValues("credyt.plans.pro.fee=20", "credyt.plans.pro.interval=fortnight")
			.run((context) -> assertThat(refused(context, "credyt.plans.pro.interval").getReason())
				.contains("must be day, week, month or year"));
	}

	@Test
	void aNegativePlanPriceFailsTheStartUp() {
		this.runner.withPropertyValues("credyt.plans.pro.fee=20", "credyt.plans.pro.prices.image=-0.20")
			.run((context) -> assertThat(refused(context, "credyt.plans.pro.prices.image").getReason())
				.contains("must not be negative"));
	}

	@Test
	void aPlanCodeOrNameOutOfShapeFailsTheStartUp() {
		this.runner.withPropertyValues("credyt.plans.pro.fee=20", "credyt.plans.pro.name=" + "P".repeat(65))
			.run((context) -> refused(context, "credyt.plans.pro.name"));
		this.runner.withInitializer(properties(Map.of("credyt.plans[pro!].fee", "20")))
			.run((context) -> refused(context, "credyt.plans[pro!]"));
	}

	private void assertFee(String fee, String reason) {
		this.runner.withPropertyValues("credyt.plans.pro.fee=" + fee).run((context) -> {
			InvalidConfigurationPropertyValueException invalid = refused(context, "credyt.plans.pro.fee");
			assertThat(invalid.getReason()).as(fee).contains(reason);
			assertThat(invalid.getMessage()).as(fee).hasSizeLessThan(400);
		});
	}

	private static InvalidConfigurationPropertyValueException refused(AssertableApplicationContext context,
			String property) {
		return CredytAutoConfigurations.refusedProperty(context, property);
	}

	private static BigDecimal fee(Product product, Map<String, String> dimensions) {
		return product.quote(dimensions, BigDecimal.ONE).fee();
	}

	private static ApplicationContextInitializer<ConfigurableApplicationContext> properties(Map<String, Object> values) {
		return (context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new org.springframework.core.env.MapPropertySource("plan-keys", values));
	}

	private static ApplicationContextInitializer<ConfigurableApplicationContext> yaml(String text) {
		return (context) -> {
			try {
				for (PropertySource<?> source : new YamlPropertySourceLoader().load("plans",
						new ByteArrayResource(text.getBytes(StandardCharsets.UTF_8)))) {
					context.getEnvironment().getPropertySources().addFirst(source);
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		};
	}

}
