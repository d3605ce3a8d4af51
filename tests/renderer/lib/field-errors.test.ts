import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../../../src-renderer/lib/field-errors';

describe('field errors', () => {
  it('phrases a schema message with the field’s label, one per field', () => {
    const errors = fieldErrors(
      [
        { path: 'username', message: 'must be at least 2 characters' },
        { path: 'username', message: 'may use letters, digits, dot, dash and underscore only' },
        { path: 'text', message: 'A comment needs text or a video.' },
      ],
      { username: 'Username', text: 'Comment' },
    );
    expect(errors).toEqual({ username: 'Username must be at least 2 characters.', text: 'A comment needs text or a video.' });
  });
});
