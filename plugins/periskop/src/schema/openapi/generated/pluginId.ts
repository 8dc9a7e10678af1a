export const pluginId = 'periskop';
