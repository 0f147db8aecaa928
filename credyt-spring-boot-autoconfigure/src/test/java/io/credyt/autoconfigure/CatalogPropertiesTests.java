package io.credyt.autoconfigure;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import io.credyt.catalog.Catalog;
import io.credyt.catalog.InvalidDimensionException;
import io.credyt.catalog.Product;
import io.credyt.ledger.Ledger;
import io.credyt.money.Asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CatalogPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(CredytAutoConfigurations.dataSource())
		.withConfiguration(CredytAutoConfigurations.credyt());

	@Test
	void theReadmeExampleBindsIntoTheCatalog() {
		this.runner.withInitializer(CredytAutoConfigurations.yaml("readme-example.yml")).run((context) -> {
			assertThat(context).hasNotFailed();
			Catalog catalog = context.getBean(Catalog.class);
			Product image = catalog.product("image");
			assertThat(image.unit()).isEqualTo("image");
			assertThat(image.unitPlural()).isEqualTo("images");
			assertThat(image.asset()).isEqualTo("USD");
			assertThat(image.dimensions()).isEqualTo(Map.of("quality", Set.of("standard", "hd")));
			assertThat(fee(catalog, "image", Map.of("quality", "hd"), "1")).isEqualByComparingTo("0.40");
			assertThat(fee(catalog, "image", Map.of("quality", "standard"), "1")).isEqualByComparingTo("0.25");
			assertThat(catalog.quote("image", Map.of("quality", "hd"), BigDecimal.ONE).cost())
				.isEqualByComparingTo("0.20");
			assertThat(fee(catalog, "tokens", Map.of(), "1500")).isEqualByComparingTo("2.00");
			Asset credits = catalog.asset("credits");
			assertThat(credits.label()).isEqualTo("credits");
			assertThat(credits.precision()).isZero();
			assertThat(credits.rateToBase()).isEqualByComparingTo("0.01");
			assertThat(catalog.product("chat").asset()).isEqualTo("credits");
			assertThat(catalog.product("chat").unitPlural()).isEqualTo("messages");
			Ledger ledger = context.getBean(Ledger.class);
			assertThat(ledger.catalog()).isSameAs(catalog);
		});
	}

	@Test
	void aValueOutsideTheDeclaredDimensionValuesIsRefused() {
		this.runner.withInitializer(CredytAutoConfigurations.yaml("readme-example.yml")).run((context) -> {
			Catalog catalog = context.getBean(Catalog.class);
			assertThatExceptionOfType(InvalidDimensionException.class)
				.isThrownBy(() -> catalog.quote("image", Map.of("quality", "ultra"), BigDecimal.ONE));
		});
	}

	@Test
	void dimensionsAreDerivedFromThePriceKeysWithAStarAllowingAnyValue() {
		this.runner
			.withInitializer(properties(Map.of("credyt.products.image.prices[quality=hd]", "0.40",
					"credyt.products.image.prices[quality=hd,model=flux-pro]", "0.55",
					"credyt.products.image.prices[quality=standard,model=*]", "0.20")))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Catalog catalog = context.getBean(Catalog.class);
				assertThat(catalog.product("image").dimensions())
					.isEqualTo(Map.of("quality", Set.of("hd", "standard"), "model", Set.of()));
				assertThat(fee(catalog, "image", Map.of("quality", "hd", "model", "flux-pro"), "1"))
					.isEqualByComparingTo("0.55");
				assertThat(fee(catalog, "image", Map.of("quality", "hd", "model", "sdxl"), "1"))
					.isEqualByComparingTo("0.40");
				assertThat(fee(catalog, "image", Map.of("quality", "standard", "model", "anything"), "1"))
					.isEqualByComparingTo("0.20");
				assertThatExceptionOfType(InvalidDimensionException.class)
					.isThrownBy(() -> catalog.quote("image", Map.of("size", "large"), BigDecimal.ONE));
			});
	}

	@Test
	void aProductWithoutAPriceFailsTheStartUp() {
		this.runner.withPropertyValues("credyt.products.song.unit=song").run((context) -> {
			assertThat(invalidProperty(context).getName()).isEqualTo("credyt.products.song.price");
			assertThat(invalidProperty(context).getReason()).contains("has no price");
		});
	}

	@Test
	void aPriceKeyThatLostItsBracketsFailsTheStartUpSayingHowToWriteIt() {
		this.runner.withPropertyValues("credyt.products.image.price=0.25", "credyt.products.image.prices.qualityhd=0.40")
			.run((context) -> {
				assertThat(invalidProperty(context).getName()).isEqualTo("credyt.products.image.prices[qualityhd]");
				assertThat(invalidProperty(context).getReason()).contains("\"[quality=hd]\"");
			});
	}

	@Test
	void aPriceForAValueTheDimensionDoesNotAllowFailsTheStartUp() {
		this.runner
			.withPropertyValues("credyt.products.image.price=0.25",
					"credyt.products.image.dimensions.quality=standard,hd")
			.withInitializer(properties(Map.of("credyt.products.image.prices[quality=ultra]", "0.90")))
			.run((context) -> {
				assertThat(invalidProperty(context).getName()).isEqualTo("credyt.products.image.prices");
				assertThat(invalidProperty(context).getReason()).contains("'ultra'");
			});
	}

	@Test
	void aCombinationOfDimensionValuesWithoutAPriceFailsTheStartUp() {
		this.runner.withPropertyValues("credyt.products.image.dimensions.quality=standard,hd")
			.withInitializer(properties(Map.of("credyt.products.image.prices[quality=hd]", "0.40")))
			.run((context) -> {
				assertThat(invalidProperty(context).getName()).isEqualTo("credyt.products.image.prices");
				assertThat(invalidProperty(context).getReason()).contains("quality=standard");
			});
	}

	@Test
	void aNegativePriceFailsTheStartUp() {
		this.runner.withPropertyValues("credyt.products.image.price=-0.25").run((context) -> {
			assertThat(invalidProperty(context).getName()).isEqualTo("credyt.products.image.price");
			assertThat(invalidProperty(context).getReason()).contains("must not be negative");
		});
	}

	@Test
	void aProductInAnUndeclaredAssetFailsTheStartUp() {
		this.runner.withPropertyValues("credyt.products.chat.price=2", "credyt.products.chat.asset=credits")
			.run((context) -> {
				assertThat(invalidProperty(context).getName()).isEqualTo("credyt.products.chat.asset");
				assertThat(invalidProperty(context).getReason()).contains("unknown asset");
			});
	}

	@Test
	void aCustomAssetWithoutARateFailsTheStartUp() {
		this.runner.withPropertyValues("credyt.assets.credits.precision=0").run((context) -> {
			assertThat(invalidProperty(context).getName()).isEqualTo("credyt.assets.credits.rate");
		});
	}

	@Test
	void redeclaringTheBuiltInUsdFailsTheStartUp() {
		this.runner.withPropertyValues("credyt.assets.USD.rate=1").run((context) -> {
			assertThat(invalidProperty(context).getName()).isEqualTo("credyt.assets.USD");
		});
	}

	@Test
	void aSignupEntitlementForAnUndeclaredProductFailsTheStartUp() {
		this.runner.withPropertyValues("credyt.products.image.price=0.25", "credyt.signup.entitlements.song=10")
			.run((context) -> {
				assertThat(invalidProperty(context).getName()).isEqualTo("credyt.signup.entitlements.song");
				assertThat(invalidProperty(context).getReason()).contains("unknown product 'song'");
			});
	}

	@Test
	void aSignupEntitlementOfNoUnitsFailsTheStartUp() {
		this.runner.withPropertyValues("credyt.products.image.price=0.25", "credyt.signup.entitlements.image=0")
			.run((context) -> {
				assertThat(invalidProperty(context).getName()).isEqualTo("credyt.signup.entitlements.image");
			});
	}

	@Test
	void aProductNamesItsVendorForTheProfitabilityReport() {
		this.runner.withPropertyValues("credyt.products.image.price=0.25", "credyt.products.image.vendor=replicate",
				"credyt.products.token.price=0.000003")
			.run((context) -> {
				Catalog catalog = context.getBean(Catalog.class);
				assertThat(catalog.product("image").vendor()).isEqualTo("replicate");
				assertThat(catalog.product("token").vendor()).isNull();
			});
		this.runner.withPropertyValues("credyt.products.image.price=0.25",
				"credyt.products.image.vendor=<b>replicate</b>")
			.run((context) -> assertThat(invalidProperty(context).getName()).isEqualTo("credyt.products.image.vendor"));
	}

	@Test
	void numbersTheLedgerCannotHoldFailTheStartUpNamingThePropertyWithoutWritingThemOut() {
		List<String> properties = List.of("credyt.products.image.price", "credyt.products.image.vendor-cost",
				"credyt.products.image.package-size", "credyt.assets.credits.rate", "credyt.signup.entitlements.image",
				"credyt.overdraft-limit");
		for (String attack : new String[] { "1e999999999", "1e-39999999", "-1e2147483647" }) {
			properties.forEach((property) -> this.runner
				.withPropertyValues("credyt.products.image.price=0.25", "credyt.assets.credits.rate=0.01",
						property + "=" + attack)
				.run((context) -> {
					InvalidConfigurationPropertyValueException invalid = invalidProperty(context);
					assertThat(invalid.getName()).as(property).isEqualTo(property);
					assertThat(invalid.getMessage()).as(property).hasSizeLessThan(400);
				}));
		}
	}

	private static InvalidConfigurationPropertyValueException invalidProperty(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		return CredytAutoConfigurations.invalidProperty(context.getStartupFailure());
	}

	private static BigDecimal fee(Catalog catalog, String product, Map<String, String> dimensions, String quantity) {
		return catalog.quote(product, dimensions, new BigDecimal(quantity)).fee();
	}

	private static ApplicationContextInitializer<ConfigurableApplicationContext> properties(Map<String, Object> values) {
		return (context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("price-keys", values));
	}

}
