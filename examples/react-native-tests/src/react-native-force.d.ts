// In the app, `react-native-force` brings its own types. Here, with no React
// Native installed, the module is typed as what it maps to in the tests.
declare module 'react-native-force' {
  export * from 'soupkit/react-native-force';
}
