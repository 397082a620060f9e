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
};
