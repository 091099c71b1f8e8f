import { describe, expect, it } from 'vitest'
import { globListContains, globMatch } from './go-glob.js'

describe('globMatch (go-glob)', () => {
  it.each([
    ['*', '', true],
    ['*', 'anything', true],
    ['', '', true],
    ['', 'a', false],
    ['prod', 'prod', true],
    ['prod', 'production', false],
    ['prod*', 'production', true],
    ['*-sa', 'myapp-sa', true],
    ['*-sa', 'myapp-sb', false],
    ['my*-sa', 'myapp-sa', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXcYb', false],
    ['a*a', 'a', false],
    ['a*a', 'aa', true],
    ['team-*-prod', 'team-a-prod', true],
    ['team-*-prod', 'team-a-staging', false],
    ['x.y', 'xzy', false],
  ])('%j matches %j: %s', (pattern, subject, expected) => {
    expect(globMatch(pattern, subject)).toBe(expected)
  })

  it('matches a list when any entry matches', () => {
    expect(globListContains(['staging', 'prod-*'], 'prod-eu')).toBe(true)
    expect(globListContains(['staging', 'prod-*'], 'ci')).toBe(false)
    expect(globListContains([], 'ci')).toBe(false)
  })
})
