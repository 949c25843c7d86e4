"""Add signers' certificates and mark pictures, the digitally signed flag of rendered PDFs, and published periods.

Revision ID: e133542e63dc
Revises: 7ba7b8662a8b
Create Date: 2026-12-01 23:02:37.731063

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e133542e63dc'
down_revision = '7ba7b8662a8b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('published_periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('rows', sa.JSON(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('corrected_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('corrections', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_published_periods_published_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_published_periods')),
    sa.UniqueConstraint('period', name=op.f('uq_published_periods_period'))
    )
    with op.batch_alter_table('rendered_documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('digitally_signed', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('signers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('certificate_file', sa.String(length=255), server_default='', nullable=False))
        batch_op.add_column(sa.Column('certificate_secret', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('certificate_subject', sa.String(length=300), server_default='', nullable=False))
        batch_op.add_column(sa.Column('certificate_expires_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('stamp_image', sa.String(length=255), server_default='', nullable=False))



def downgrade():
    with op.batch_alter_table('signers', schema=None) as batch_op:
        batch_op.drop_column('stamp_image')
        batch_op.drop_column('certificate_expires_at')
        batch_op.drop_column('certificate_subject')
        batch_op.drop_column('certificate_secret')
        batch_op.drop_column('certificate_file')

    with op.batch_alter_table('rendered_documents', schema=None) as batch_op:
        batch_op.drop_column('digitally_signed')

    op.drop_table('published_periods')
