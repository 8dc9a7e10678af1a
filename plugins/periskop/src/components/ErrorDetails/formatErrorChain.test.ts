import { errorChain, formatErrorChain } from './formatErrorChain';

const error = {
  class: 'ArgumentError',
  message: 'wrapped',
  stacktrace: [
    "rb_run.rb:11:in `rescue in <main>'",
    "rb_run.rb:11:in `<main>'",
  ],
  cause: {
    class: 'ZeroDivisionError',
    message: 'divided by 0',
    stacktrace: ["rb_run.rb:6:in `/'"],
    cause: { class: 'RootError', message: '', stacktrace: [], cause: null },
  },
};

describe('formatErrorChain', () => {
  it('lists the error and its causes, outermost first', () => {
    expect(errorChain(error).map(e => e.class)).toEqual([
      'ArgumentError',
      'ZeroDivisionError',
      'RootError',
    ]);
  });

  it('formats the whole trace with Caused by lines and verbatim frames', () => {
    expect(formatErrorChain(error)).toBe(
      [
        'ArgumentError: wrapped',
        "rb_run.rb:11:in `rescue in <main>'",
        "rb_run.rb:11:in `<main>'",
        'Caused by: ZeroDivisionError: divided by 0',
        "rb_run.rb:6:in `/'",
        'Caused by: RootError',
      ].join('\n'),
    );
  });
});
