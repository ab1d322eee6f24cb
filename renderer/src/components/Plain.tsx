import { theme } from 'antd';
import type { HTMLAttributes } from 'react';

/**
 * Headings and secondary text of the shell and the board as plain elements coloured and sized
 * from the theme's tokens, as antd Typography draws them (issue 18): Typography brings its
 * ellipsis (Tooltip), editing (TextArea) and copy machinery, about 70 kB that stood between a
 * board link and its first card. Screens that open later keep using Typography.
 */
export function Heading({ level, style, ...rest }: { level: 3 | 4 | 5 } & HTMLAttributes<HTMLHeadingElement>) {
  const { token } = theme.useToken();
  const H = `h${level}` as const;
  const size = { 3: token.fontSizeHeading3, 4: token.fontSizeHeading4, 5: token.fontSizeHeading5 }[level];
  const lineHeight = { 3: token.lineHeightHeading3, 4: token.lineHeightHeading4, 5: token.lineHeightHeading5 }[level];
  return (
    <H
      {...rest}
      style={{ marginTop: 0, marginBottom: '0.5em', color: token.colorTextHeading, fontWeight: token.fontWeightStrong, fontSize: size, lineHeight, wordBreak: 'break-word', ...style }}
    />
  );
}

/** Text in the theme's secondary colour (Typography.Text type="secondary"). */
export function SecondaryText({ style, ...rest }: HTMLAttributes<HTMLSpanElement>) {
  const { token } = theme.useToken();
  return <span {...rest} style={{ color: token.colorTextSecondary, wordBreak: 'break-word', ...style }} />;
}

/** Text in the theme's strong weight (Typography.Text strong). */
export function StrongText({ style, ...rest }: HTMLAttributes<HTMLSpanElement>) {
  const { token } = theme.useToken();
  return <span {...rest} style={{ color: token.colorText, fontWeight: token.fontWeightStrong, ...style }} />;
}
