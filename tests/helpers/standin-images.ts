/**
 * The stand-in images `scripts/build-standins.sh` builds, as the settings that select them.
 * Pure (no file paths), so API tests, browser specs and benchmarks can all import it.
 */
export const STANDIN_IMAGES = {
  netbird_management_image: 'netbird-msp-standin/management:test',
  netbird_signal_image: 'netbird-msp-standin/signal:test',
  netbird_relay_image: 'netbird-msp-standin/relay:test',
  netbird_dashboard_image: 'netbird-msp-standin/dashboard:test',
  caddy_image: 'netbird-msp-standin/caddy:test',
  // Tag `test` names no release, so new tenants stay classic unless a test picks the versioned tag below.
  netbird_server_image: 'netbird-msp-standin/netbird-server:test',
};

/** The combined server stand-in under a release tag (scripts/build-standins.sh adds it): new tenants get the combined layout. */
export const STANDIN_SERVER_RELEASE = 'netbird-msp-standin/netbird-server:0.77.1';
