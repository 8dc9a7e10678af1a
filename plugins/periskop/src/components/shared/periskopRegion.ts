/**
 * A class on the root element of each of the plugin's views (the Errors
 * tab, the details drawer, the errors card and the overview), so that
 * what the plugin renders can be told apart from the app around it: the
 * browser tests' accessibility audit fails only on findings inside these
 * regions, and an adopter can target the plugin in a stylesheet.
 */
export const PERISKOP_REGION_CLASS = 'periskop-region';
