package io.credyt.sample;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.JdbcUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Form sign-in against users kept in the app's own database (the {@code users} and
 * {@code authorities} tables of {@code db/users.sql}), BCrypt password hashes, CSRF protection on.
 * Everything but signing up and signing in needs a signed-in user, who is also the Credyt
 * customer the images are billed to.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, SecurityContextRepository securityContextRepository)
			throws Exception {
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/sign-up", "/sign-in", "/css/**", "/favicon.ico", "/error")
			.permitAll()
			.anyRequest()
			.authenticated())
			.securityContext((context) -> context.securityContextRepository(securityContextRepository))
			.formLogin((form) -> form.loginPage("/sign-in").defaultSuccessUrl("/generate"))
			.logout((logout) -> logout.logoutUrl("/sign-out").logoutSuccessUrl("/sign-in?signed-out"));
		return http.build();
	}

	@Bean
	SecurityContextRepository securityContextRepository() {
		return new HttpSessionSecurityContextRepository();
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return new BCryptPasswordEncoder();
	}

	@Bean
	JdbcUserDetailsManager userDetailsManager(DataSource dataSource) {
		return new JdbcUserDetailsManager(dataSource);
	}

}
